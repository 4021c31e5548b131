namespace DevVault.Tokens;

/// <summary>A stored token (Vault's TokenEntry). The <see cref="Id"/> is the secret; never log it.</summary>
public sealed class TokenEntry
{
    public required string Id { get; init; }

    public required string Accessor { get; init; }

    /// <summary>The parent token's id; empty for orphans.</summary>
    public string Parent { get; set; } = "";

    public List<string> Policies { get; set; } = [];

    /// <summary>Creation path: <c>auth/token/create</c>, <c>auth/approle/login</c>, <c>auth/token/root</c>.</summary>
    public string Path { get; set; } = "";

    public Dictionary<string, string> Meta { get; set; } = new(StringComparer.Ordinal);

    public string DisplayName { get; set; } = "token";

    /// <summary>Remaining uses; 0 = unlimited. Wrapping tokens have 1.</summary>
    public int NumUses { get; set; }

    public DateTimeOffset CreationTime { get; init; }

    /// <summary>The TTL given at creation; zero for non-expiring tokens (root).</summary>
    public TimeSpan CreationTtl { get; set; }

    /// <summary>Null for tokens that never expire.</summary>
    public DateTimeOffset? ExpireTime { get; set; }

    public DateTimeOffset? LastRenewalTime { get; set; }

    public TimeSpan ExplicitMaxTtl { get; set; }

    /// <summary>Max TTL from the auth method or mount; renewals never pass CreationTime + this.</summary>
    public TimeSpan MaxTtl { get; set; }

    public TimeSpan Period { get; set; }

    public bool Renewable { get; set; } = true;

    public bool Orphan => Parent.Length == 0;

    /// <summary><c>service</c> or <c>batch</c>.</summary>
    public string Type { get; set; } = "service";

    public string EntityId { get; set; } = "";

    public List<string> BoundCidrs { get; set; } = [];

    /// <summary>Token role name when created from a role.</summary>
    public string Role { get; set; } = "";

    /// <summary>Backend-private values copied from <see cref="Core.AuthInfo.InternalData"/>.</summary>
    public Dictionary<string, string> InternalData { get; set; } = new(StringComparer.Ordinal);

    public bool IsRoot => Policies.Contains("root");
}
