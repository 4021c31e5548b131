using System.Text.Json.Serialization;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.KeyValue;

/// <summary>Metadata of one KV v2 version, as returned by reads and writes.</summary>
public sealed class KvVersionMetadata
{
    public int Version { get; init; }

    public DateTimeOffset CreatedTime { get; init; }

    /// <summary>When the version was (or will be) soft-deleted; null when it is not.</summary>
    [JsonConverter(typeof(OptionalTimestampConverter))]
    public DateTimeOffset? DeletionTime { get; init; }

    public bool Destroyed { get; init; }

    public IReadOnlyDictionary<string, string>? CustomMetadata { get; init; }
}
