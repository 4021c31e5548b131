using Npgsql;
using VaultDemo.VaultBootstrapper.Diagnostics;

namespace VaultDemo.VaultBootstrapper.Database;

/// <summary>Creates the application schema, the group roles with their grants, and the role Vault connects as.</summary>
public sealed class SchemaMigration(NpgsqlDataSource superuser, ILogger<SchemaMigration> logger)
{
    public const string VaultAdminRole = "vault_admin";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync(EmbeddedText.Read("Database.schema.sql"), cancellationToken);
        await ExecuteAsync(EmbeddedText.Read("Database.vault-admin.sql"), cancellationToken);
        Log.SchemaMigrated(logger, VaultAdminRole);
    }

    /// <summary>
    /// Gives <see cref="VaultAdminRole"/> a fresh random password, for the moment between configuring Vault's
    /// connection and Vault rotating it; nobody keeps it.
    /// </summary>
    public async Task<string> ResetVaultAdminPasswordAsync(CancellationToken cancellationToken)
    {
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await ExecuteAsync($"ALTER ROLE {VaultAdminRole} PASSWORD '{password}'", cancellationToken);
        return password;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = superuser.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
