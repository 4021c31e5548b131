using System.Text.Json.Serialization;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.KeyValue;

/// <summary>Everything <c>metadata/:path</c> knows about a key: versions, limits, custom metadata.</summary>
public sealed class KvMetadata
{
    public int CurrentVersion { get; init; }

    public int OldestVersion { get; init; }

    public int MaxVersions { get; init; }

    public bool CasRequired { get; init; }

    public string? DeleteVersionAfter { get; init; }

    public DateTimeOffset CreatedTime { get; init; }

    public DateTimeOffset UpdatedTime { get; init; }

    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }

    /// <summary>Version number (as a string, the way Vault keys it) to its state.</summary>
    public IReadOnlyDictionary<string, KvVersionState> Versions { get; init; } = new Dictionary<string, KvVersionState>();
}

public sealed class KvVersionState
{
    public DateTimeOffset CreatedTime { get; init; }

    [JsonConverter(typeof(OptionalTimestampConverter))]
    public DateTimeOffset? DeletionTime { get; init; }

    public bool Destroyed { get; init; }
}

/// <summary>Settings written to <c>metadata/:path</c>; null members are left unchanged.</summary>
public sealed class KvMetadataUpdate
{
    public int? MaxVersions { get; init; }

    public bool? CasRequired { get; init; }

    /// <summary>Go duration such as <c>3h25m19s</c>; <c>0s</c> disables automatic deletion.</summary>
    public string? DeleteVersionAfter { get; init; }

    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }
}
