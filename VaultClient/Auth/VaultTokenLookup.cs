using System.Text.Json.Serialization;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Auth;

/// <summary>What <c>auth/token/lookup-self</c> says about a token (the token id itself is deliberately not mapped).</summary>
public sealed class VaultTokenLookup
{
    public string? Accessor { get; init; }

    public IReadOnlyList<string>? Policies { get; init; }

    /// <summary>Remaining TTL in seconds; 0 for a token that does not expire.</summary>
    public long Ttl { get; init; }

    public long CreationTtl { get; init; }

    public long ExplicitMaxTtl { get; init; }

    public bool Renewable { get; init; }

    [JsonConverter(typeof(OptionalTimestampConverter))]
    public DateTimeOffset? ExpireTime { get; init; }

    public string? DisplayName { get; init; }

    public string? Path { get; init; }

    public string? Type { get; init; }

    public bool Orphan { get; init; }

    public long NumUses { get; init; }
}
