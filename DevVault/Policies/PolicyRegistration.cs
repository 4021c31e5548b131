using DevVault.Sys;

namespace DevVault.Policies;

public static class PolicyRegistration
{
    /// <summary>Registers the policy store (IPolicyStore) and the sys/policy*, sys/policies/acl*, sys/capabilities* endpoints.</summary>
    public static IServiceCollection AddPolicies(this IServiceCollection services)
    {
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<IPolicyStore>(sp => sp.GetRequiredService<PolicyStore>());
        services.AddSingleton<ISysEndpoints, PolicyEndpoints>();
        services.AddSingleton<ISysEndpoints, CapabilityEndpoints>();
        return services;
    }
}
