namespace DevVault.AppRole;

/// <summary>A stored AppRole role (VAULT-API.md 3.1). Durations are kept in seconds, as on the wire.</summary>
public sealed class RoleEntry
{
    public string Name { get; set; } = "";

    public string RoleId { get; set; } = "";

    public bool BindSecretId { get; set; } = true;

    public List<string> SecretIdBoundCidrs { get; set; } = [];

    public long SecretIdNumUses { get; set; }

    public long SecretIdTtl { get; set; }

    public bool LocalSecretIds { get; set; }

    public long TokenTtl { get; set; }

    public long TokenMaxTtl { get; set; }

    public long TokenExplicitMaxTtl { get; set; }

    public List<string> TokenPolicies { get; set; } = [];

    public List<string> TokenBoundCidrs { get; set; } = [];

    public bool TokenNoDefaultPolicy { get; set; }

    public long TokenNumUses { get; set; }

    public long TokenPeriod { get; set; }

    public string TokenType { get; set; } = "default";
}

/// <summary>A stored secret id. The secret itself is never stored, only its hash (the storage key).</summary>
public sealed class SecretIdEntry
{
    public string RoleName { get; set; } = "";

    public string Accessor { get; set; } = "";

    public List<string> CidrList { get; set; } = [];

    public List<string> TokenBoundCidrs { get; set; } = [];

    /// <summary>Remaining uses; 0 = unlimited.</summary>
    public long NumUses { get; set; }

    public long Ttl { get; set; }

    public DateTimeOffset CreationTime { get; set; }

    public DateTimeOffset? ExpirationTime { get; set; }

    public DateTimeOffset LastUpdatedTime { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public bool IsExpired(DateTimeOffset now) => ExpirationTime is { } at && at <= now;
}
