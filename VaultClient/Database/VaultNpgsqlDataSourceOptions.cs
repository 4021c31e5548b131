using Npgsql;

namespace VaultDemo.VaultClient.Database;

/// <summary>How a <see cref="VaultNpgsqlDataSource"/> connects and which Vault role supplies its credentials.</summary>
public sealed class VaultNpgsqlDataSourceOptions
{
    /// <summary>Host, port, database and tuning; any username or password in it is ignored (Vault supplies them).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The database engine role to request credentials from (<c>database/creds/&lt;role&gt;</c>).</summary>
    public string Role { get; set; } = "";

    /// <summary>Database engine mount; null uses <see cref="VaultClientOptions.DatabaseMount"/>.</summary>
    public string? Mount { get; set; }

    /// <summary>
    /// Share of a lease's remaining life after which new credentials are fetched when the lease can no longer be
    /// extended (non-renewable, or renewal capped by max_ttl). Vault Agent uses about 0.85.
    /// </summary>
    public double RotationThreshold { get; set; } = 0.85;

    /// <summary>
    /// New credentials are in place at least this long before a lease that can no longer be extended expires
    /// (time to create the user, warm the new pool and drain the old one).
    /// </summary>
    public TimeSpan RotationLeadTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Trace a command only when it runs inside another traced operation (a request, a message, a dispatch). Work that
    /// polls on its own (an outbox, a health probe) would otherwise add a one-span trace every few seconds.
    /// </summary>
    public bool TraceOnlyWithinOperations { get; set; }

    /// <summary>Extra Npgsql configuration applied to every per-credential pool (type mappings, tracing, ...).</summary>
    public Action<NpgsqlDataSourceBuilder>? ConfigureDataSource { get; set; }
}
