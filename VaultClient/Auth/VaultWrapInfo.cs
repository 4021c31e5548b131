using System.Text.Json.Serialization;

namespace VaultDemo.VaultClient.Auth;

/// <summary>A response-wrapping token and where it came from. <see cref="Token"/> is a secret: never log it.</summary>
public sealed class VaultWrapInfo
{
    public string Token { get; init; } = "";

    public string? Accessor { get; init; }

    /// <summary>Wrap TTL in seconds.</summary>
    public long Ttl { get; init; }

    public string? CreationTime { get; init; }

    public string? CreationPath { get; init; }

    public string? WrappedAccessor { get; init; }

    [JsonIgnore]
    public TimeSpan TimeToLive => TimeSpan.FromSeconds(Ttl);

    public override string ToString() => $"VaultWrapInfo {{ Accessor = {Accessor}, CreationPath = {CreationPath}, Ttl = {Ttl} }}";
}

/// <summary>What <c>sys/wrapping/lookup</c> reveals about a wrapping token without consuming it.</summary>
public sealed class VaultWrappingLookup
{
    public string? CreationPath { get; init; }

    public string? CreationTime { get; init; }

    public long CreationTtl { get; init; }
}
