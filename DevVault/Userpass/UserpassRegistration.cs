using DevVault.Core;

namespace DevVault.Userpass;

public static class UserpassRegistration
{
    /// <summary>Registers the <c>userpass</c> auth method.</summary>
    public static IServiceCollection AddUserpassAuth(this IServiceCollection services) =>
        services.AddSingleton(new BackendRegistration("userpass", true, context => new UserpassBackend(context)));
}
