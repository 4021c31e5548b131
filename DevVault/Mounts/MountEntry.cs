namespace DevVault.Mounts;

/// <summary>One entry of the mount table (secrets engines) or the auth table (auth methods).</summary>
public sealed class MountEntry
{
    /// <summary>Full logical path with trailing slash: <c>secret/</c>, <c>auth/approle/</c>. Changes only through a remount.</summary>
    public required string Path { get; set; }

    public required string Type { get; init; }

    public string Description { get; set; } = "";

    public required string Uuid { get; init; }

    /// <summary>Vault's accessor, e.g. <c>kv_1a2b3c4d</c>.</summary>
    public required string Accessor { get; init; }

    /// <summary>Engine options (<c>version</c> for KV).</summary>
    public Dictionary<string, string> Options { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Zero means the system default (768h).</summary>
    public TimeSpan DefaultLeaseTtl { get; set; }

    /// <summary>Zero means the system default (768h).</summary>
    public TimeSpan MaxLeaseTtl { get; set; }

    public bool Local { get; set; }

    public bool SealWrap { get; set; }

    public bool IsAuthMethod => Path.StartsWith("auth/", StringComparison.Ordinal);

    /// <summary>Mount-level audit settings (<c>audit_non_hmac_request_keys</c>, <c>audit_non_hmac_response_keys</c>).</summary>
    public List<string> AuditNonHmacRequestKeys { get; set; } = [];

    public List<string> AuditNonHmacResponseKeys { get; set; } = [];

    /// <summary>Vault's built-in system-wide default and max lease TTL (768h), unless the server's configuration sets them.</summary>
    public static readonly TimeSpan SystemMaxTtl = TimeSpan.FromHours(768);

    /// <summary>The server's <c>default_lease_ttl</c>; set by the mount table, not stored, so a config change applies at the next start.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan SystemDefaultLeaseTtl { get; set; } = SystemMaxTtl;

    /// <summary>The server's <c>max_lease_ttl</c>, likewise.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan SystemMaxLeaseTtl { get; set; } = SystemMaxTtl;

    public TimeSpan EffectiveDefaultTtl => DefaultLeaseTtl > TimeSpan.Zero ? DefaultLeaseTtl : SystemDefaultLeaseTtl;

    public TimeSpan EffectiveMaxTtl => MaxLeaseTtl > TimeSpan.Zero ? MaxLeaseTtl : SystemMaxLeaseTtl;
}
