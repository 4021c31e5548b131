using DevVault.Core;

namespace DevVault.Transit;

public static class TransitRegistration
{
    /// <summary>Registers the <c>transit</c> secrets engine.</summary>
    public static IServiceCollection AddTransitEngine(this IServiceCollection services) =>
        services.AddSingleton(new BackendRegistration("transit", false, context => new TransitBackend(context)));
}
