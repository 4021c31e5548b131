using DevVault.Core;

namespace DevVault.Pki;

public static class PkiRegistration
{
    /// <summary>Registers the <c>pki</c> secrets engine.</summary>
    public static IServiceCollection AddPkiEngine(this IServiceCollection services) =>
        services.AddSingleton(new BackendRegistration("pki", false, context => new PkiBackend(context)));
}
