using DevVault.Sys;

namespace DevVault.Audit;

public static class AuditRegistration
{
    /// <summary>Registers the audit broker (IAuditBroker) and the sys/audit*, sys/audit-hash endpoints.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditBroker>();
        services.AddSingleton<IAuditBroker>(sp => sp.GetRequiredService<AuditBroker>());
        services.AddSingleton<ISysEndpoints, AuditEndpoints>();
        return services;
    }
}
