using DevVault.Core;

namespace DevVault.AppRole;

public static class AppRoleRegistration
{
    /// <summary>Registers the <c>approle</c> auth method.</summary>
    public static IServiceCollection AddAppRoleAuth(this IServiceCollection services) =>
        services.AddSingleton(new BackendRegistration("approle", true, context => new AppRoleBackend(context)));
}
