using VaultDemo.VaultBootstrapper.Database;
using VaultDemo.VaultBootstrapper.Vault;
using VaultDemo.VaultBootstrapper.Diagnostics;

namespace VaultDemo.VaultBootstrapper;

/// <summary>
/// The setup, in the order that keeps it least-privileged: audit on first, schema before the roles that use it. Logins
/// are not delivered here: the AppHost leaves each service a fresh one before every start.
/// </summary>
public sealed class Bootstrapper(
    VaultClient.VaultClient vault,
    VaultEngineSetup engines,
    SchemaMigration schema,
    DatabaseEngineSetup database,
    PolicySetup policies,
    AppRoleSetup appRoles,
    BrokerEngineSetup broker,
    IOptions<BootstrapOptions> options,
    ILogger<Bootstrapper> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var services = options.Value.Services.Where(s => s.Value).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        if (services.Count == 0)
        {
            Log.NoServices(logger);
            return 2;
        }

        try
        {
            await vault.Token.EnsureLoggedInAsync(cancellationToken);
            await engines.ApplyAsync(cancellationToken);
            await schema.MigrateAsync(cancellationToken);
            await database.ApplyAsync(services, cancellationToken);
            await broker.ApplyAsync(services, cancellationToken);
            foreach (var service in services)
            {
                await policies.ApplyAsync(service, cancellationToken);
                await appRoles.ApplyAsync(service, cancellationToken);
            }

            Log.Completed(logger, string.Join(", ", services));
            return 0;
        }
        catch (Exception e) when (e is VaultClient.VaultApiException or Npgsql.NpgsqlException or FormatException or IOException or HttpRequestException)
        {
            Log.Failed(logger, e, e.Message);
            return 1;
        }
    }
}
