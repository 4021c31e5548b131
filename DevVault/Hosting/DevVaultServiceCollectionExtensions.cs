using DevVault.AppRole;
using DevVault.Audit;
using DevVault.Cli;
using DevVault.Core;
using DevVault.Cubbyhole;
using DevVault.Database;
using DevVault.Expiration;
using DevVault.KeyValue;
using DevVault.Mounts;
using DevVault.Pki;
using DevVault.Policies;
using DevVault.RabbitMq;
using DevVault.Seal;
using DevVault.Storage;
using DevVault.Sys;
using DevVault.Telemetry;
using DevVault.Tokens;
using DevVault.Transit;
using DevVault.Userpass;
using DevVault.Wrapping;

namespace DevVault.Hosting;

/// <summary>The composition root: every DevVault component and engine.</summary>
public static class DevVaultServiceCollectionExtensions
{
    /// <param name="physical">The storage beneath the barrier; in memory when not given (dev mode).</param>
    public static IServiceCollection AddDevVault(this IServiceCollection services, DevServerOptions options, PhysicalStorage? physical = null)
    {
        physical ??= PhysicalStorage.InMemory();
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(physical);
        services.AddSingleton<Keyring>();
        services.AddSingleton<VaultMetrics>();
        services.AddSingleton<IStorage>(sp => new BarrierStorage(physical.Backend, sp.GetRequiredService<Keyring>(), sp.GetRequiredService<VaultMetrics>()));
        services.AddSingleton<ClusterIdentity>();
        services.AddSingleton<CoreSetup>();
        services.AddSingleton<SealManager>();
        services.AddSingleton<StatusEndpoints>();

        services.AddSingleton<MountTable>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<TokenRoleStore>();
        services.AddSingleton<ITokenLookup>(sp => sp.GetRequiredService<TokenStore>());
        services.AddSingleton<ExpirationManager>();
        services.AddSingleton<CubbyholeStore>();
        services.AddSingleton<ResponseWrapper>();
        services.AddSingleton<VaultCore>();

        services.AddSingleton(new BackendRegistration("cubbyhole", false, ctx => new CubbyholeBackend(ctx.Services.GetRequiredService<CubbyholeStore>())));

        services.AddPolicies();
        services.AddAudit();
        services.AddKeyValueEngine();
        services.AddAppRoleAuth();
        services.AddUserpassAuth();
        services.AddTransitEngine();
        services.AddDatabaseEngine();
        services.AddPkiEngine();
        services.AddRabbitMqEngine();
        options.ConfigureServices?.Invoke(services);
        return services;
    }
}
