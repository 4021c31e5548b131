using System.Text.Json;
using VaultDemo.VaultClient.Auth;

namespace VaultDemo.VaultClient;

/// <summary>
/// Everything a <see cref="VaultClient"/> needs. Bound from the <c>Vault</c> configuration section by
/// <c>AddVaultClient</c>; the address may also come from <c>ConnectionStrings:vault</c> or <c>services:vault:http:0</c>.
/// </summary>
public sealed class VaultClientOptions
{
    /// <summary>Vault's base address, e.g. <c>http://127.0.0.1:8200</c> (configuration key <c>Vault:Address</c>).</summary>
    public Uri? Address { get; set; }

    /// <summary>Optional namespace sent as <c>X-Vault-Namespace</c> (Vault Enterprise, OpenBao).</summary>
    public string? Namespace { get; set; }

    /// <summary>How to log in. Bound from <c>Vault:Auth</c>; ignored when <see cref="AuthMethod"/> is set in code.</summary>
    public VaultAuthOptions Auth { get; set; } = new();

    /// <summary>An auth method built in code; takes precedence over <see cref="Auth"/>.</summary>
    public IVaultAuthMethod? AuthMethod { get; set; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Mount of the KV v2 engine used by <see cref="VaultClient.KeyValue"/>.</summary>
    public string KeyValueMount { get; set; } = "secret";

    /// <summary>Mount of the transit engine used by <see cref="VaultClient.Transit"/>.</summary>
    public string TransitMount { get; set; } = "transit";

    /// <summary>Mount of the database engine used by <see cref="VaultClient.Database"/>.</summary>
    public string DatabaseMount { get; set; } = "database";

    /// <summary>
    /// How long a read of the latest KV version may be served from memory. Zero disables it. Keep it small:
    /// it is the longest a reader can lag behind a writer.
    /// </summary>
    public TimeSpan LatestReadCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many paths' latest reads are kept in memory at most. Entries also leave once older than
    /// <see cref="LatestReadCacheDuration"/>, so a client that reads many distinct paths holds only recent ones.
    /// </summary>
    public int LatestReadCacheSize { get; set; } = 1024;

    /// <summary>How many versioned KV reads are kept in memory (versions are immutable, so they never go stale). Zero disables it.</summary>
    public int VersionedReadCacheSize { get; set; } = 1024;

    /// <summary>Revoke the token obtained by login when the host stops (its leases die with it).</summary>
    public bool RevokeTokenOnShutdown { get; set; } = true;

    /// <summary>Serializer options for typed KV data. Defaults to web conventions (camelCase, case-insensitive).</summary>
    public JsonSerializerOptions KeyValueSerializerOptions { get; set; } = JsonSerializerOptions.Web;

    /// <summary>Do not register the <c>vault</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Do not emit <see cref="System.Diagnostics.Activity"/> spans from the <c>VaultDemo.Vault</c> source.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Do not record <c>VaultDemo.Vault</c> metrics.</summary>
    public bool DisableMetrics { get; set; }
}
