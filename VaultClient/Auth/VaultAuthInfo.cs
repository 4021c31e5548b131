using System.Text.Json.Serialization;

namespace VaultDemo.VaultClient.Auth;

/// <summary>The <c>auth</c> block of a login or renewal. <see cref="ClientToken"/> is a secret: never log it.</summary>
public sealed class VaultAuthInfo
{
    public string ClientToken { get; init; } = "";

    public string? Accessor { get; init; }

    public IReadOnlyList<string>? Policies { get; init; }

    public IReadOnlyList<string>? TokenPolicies { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Token TTL in seconds; 0 means the token does not expire.</summary>
    public long LeaseDuration { get; init; }

    public bool Renewable { get; init; }

    public string? EntityId { get; init; }

    public string? TokenType { get; init; }

    public bool Orphan { get; init; }

    [JsonIgnore]
    public TimeSpan Ttl => TimeSpan.FromSeconds(LeaseDuration);

    public override string ToString() => $"VaultAuthInfo {{ Accessor = {Accessor}, Ttl = {Ttl}, Renewable = {Renewable} }}";
}
