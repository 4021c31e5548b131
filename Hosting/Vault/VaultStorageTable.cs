using Npgsql;

namespace VaultDemo.Hosting.Vault;

/// <summary>
/// The table Vault's PostgreSQL storage backend keeps everything in, in the layout Vault's documentation gives.
/// Real <c>vault</c> and <c>bao</c> expect it to exist (DevVault would create it), so the AppHost creates it in the
/// storage database before every start of Vault; when it exists this changes nothing.
/// </summary>
internal static class VaultStorageTable
{
    public static async Task EnsureAsync(PostgresDatabaseResource storage, CancellationToken cancellationToken)
    {
        var connectionString = await storage.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The storage database '{storage.Name}' has no connection string.");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            CREATE TABLE IF NOT EXISTS {VaultServerConfiguration.StorageTable} (
              parent_path TEXT COLLATE "C" NOT NULL,
              path        TEXT COLLATE "C",
              key         TEXT COLLATE "C",
              value       BYTEA,
              CONSTRAINT pkey PRIMARY KEY (path, key)
            );
            CREATE INDEX IF NOT EXISTS parent_path_idx ON {VaultServerConfiguration.StorageTable} (parent_path);
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
