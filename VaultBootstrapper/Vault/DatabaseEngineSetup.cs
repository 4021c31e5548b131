using Npgsql;
using VaultDemo.VaultBootstrapper.Database;
using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultBootstrapper.Diagnostics;

namespace VaultDemo.VaultBootstrapper.Vault;

/// <summary>
/// Points Vault's database engine at the application database as <c>vault_admin</c>, rotates that password so only
/// Vault knows it, and defines one dynamic role per service whose users only join the service's group role.
/// </summary>
public sealed class DatabaseEngineSetup(
    VaultClient.VaultClient vault,
    SchemaMigration schema,
    NpgsqlConnectionStringBuilder database,
    IOptions<BootstrapOptions> options,
    ILogger<DatabaseEngineSetup> logger)
{
    public const string ConnectionName = "appdb";

    public async Task ApplyAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        await ConfigureConnectionAsync(services, cancellationToken);
        foreach (var service in services)
        {
            await vault.Admin.WriteDatabaseRoleAsync(service, Role(service), cancellationToken: cancellationToken);
            Log.DatabaseRoleWritten(logger, service, "app_" + service);
        }
    }

    private async Task ConfigureConnectionAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var connectionUrl = $"postgresql://{{{{username}}}}:{{{{password}}}}@{database.Host}:{database.Port}/{database.Database}?sslmode=disable";
        // Once configured, the password is Vault's alone: rewriting the connection would need it, so leave it be while
        // it still points here. A Vault whose storage outlives the AppHost may point at the port PostgreSQL had in an
        // earlier run; then the superuser resets vault_admin's password and the connection is written anew.
        var existing = (await vault.Admin.ListDatabaseConnectionsAsync(cancellationToken: cancellationToken)).Contains(ConnectionName)
            ? await vault.Admin.ReadDatabaseConnectionUrlAsync(ConnectionName, cancellationToken: cancellationToken)
            : null;
        if (existing == connectionUrl)
        {
            Log.DatabaseConnectionKept(logger, ConnectionName);
            return;
        }

        if (existing is not null)
        {
            Log.DatabaseConnectionMoved(logger, ConnectionName);
        }

        var password = await schema.ResetVaultAdminPasswordAsync(cancellationToken);
        await vault.Admin.WriteDatabaseConnectionAsync(ConnectionName, new DatabaseConnectionDefinition
        {
            ConnectionUrl = connectionUrl,
            Username = SchemaMigration.VaultAdminRole,
            Password = password,
            AllowedRoles = [.. services],
            VerifyConnection = true,
        }, cancellationToken: cancellationToken);
        await vault.Admin.RotateDatabaseRootAsync(ConnectionName, cancellationToken: cancellationToken);
        Log.DatabaseConnectionConfigured(logger, ConnectionName, SchemaMigration.VaultAdminRole);
    }

    private DatabaseRoleDefinition Role(string service) => new()
    {
        DbName = ConnectionName,
        CreationStatements =
        [
            $"CREATE ROLE \"{{{{name}}}}\" WITH LOGIN PASSWORD '{{{{password}}}}' VALID UNTIL '{{{{expiration}}}}' IN ROLE app_{service};",
        ],
        // Vault's defaults leave a revoked user's open sessions running; ending them makes revocation immediate.
        RevocationStatements =
        [
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}';",
            "DROP ROLE IF EXISTS \"{{name}}\";",
        ],
        DefaultTtl = VaultDuration.Parse(options.Value.DatabaseCredentialTtl, "Bootstrap:DatabaseCredentialTtl"),
        MaxTtl = VaultDuration.Parse(options.Value.DatabaseCredentialMaxTtl, "Bootstrap:DatabaseCredentialMaxTtl"),
    };
}
