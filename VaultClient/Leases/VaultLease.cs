using System.Text.Json.Serialization;

namespace VaultDemo.VaultClient.Leases;

/// <summary>A secret's lease as Vault reported it when issued or last renewed.</summary>
public sealed record VaultLease(string LeaseId, TimeSpan Duration, bool Renewable);

/// <summary>What <c>sys/leases/lookup</c> says about a lease.</summary>
public sealed class VaultLeaseLookup
{
    public string? Id { get; init; }

    public DateTimeOffset? IssueTime { get; init; }

    public DateTimeOffset? ExpireTime { get; init; }

    public bool Renewable { get; init; }

    /// <summary>Remaining seconds.</summary>
    public long Ttl { get; init; }

    [JsonIgnore]
    public TimeSpan TimeToLive => TimeSpan.FromSeconds(Ttl);
}
