using DevVault.Configuration;

namespace DevVault.Storage;

/// <summary>Opens the physical storage a <c>storage</c> stanza names; persistent ones get a read cache in front.</summary>
public static class PhysicalStorageFactory
{
    /// <summary>Vault's PostgreSQL backend reads its URL from here when the stanza has none, keeping the password out of the file.</summary>
    public const string PostgresUrlVariable = "VAULT_PG_CONNECTION_URL";

    public static async Task<PhysicalStorage> OpenAsync(StorageConfiguration storage, CancellationToken cancellationToken = default)
    {
        switch (storage.Type)
        {
            case "inmem":
                return PhysicalStorage.InMemory();
            case "file":
                return new PhysicalStorage(new CachingStorage(new FileStorage(storage.Setting("path"))), "file");
            case "postgresql":
                var url = storage.Setting("connection_url", Environment.GetEnvironmentVariable(PostgresUrlVariable) ?? "");
                if (url.Length == 0)
                {
                    throw new ConfigException($"storage \"postgresql\": connection_url must be set (or {PostgresUrlVariable})");
                }

                var table = storage.Setting("table", ServerConfigurationReader.DefaultPostgresTable);
                return new PhysicalStorage(new CachingStorage(await PostgreSqlStorage.OpenAsync(url, table, storage.MaxParallel, cancellationToken)), "postgresql");
            default:
                throw new ConfigException($"storage \"{storage.Type}\" is not supported by DevVault");
        }
    }
}
