namespace DevVault.KeyValue;

/// <summary>What KV v2 keeps per key besides the versions' data: settings and the version table.</summary>
public sealed class KeyMetadata
{
    public DateTimeOffset CreatedTime { get; set; }

    public DateTimeOffset UpdatedTime { get; set; }

    public int CurrentVersion { get; set; }

    public int OldestVersion { get; set; }

    public int MaxVersions { get; set; }

    public bool CasRequired { get; set; }

    public long DeleteVersionAfterSeconds { get; set; }

    public Dictionary<string, string>? CustomMetadata { get; set; }

    public SortedDictionary<int, VersionInfo> Versions { get; set; } = [];
}

public sealed class VersionInfo
{
    public DateTimeOffset CreatedTime { get; set; }

    /// <summary>When the version is (or will be) soft-deleted; null when it is not.</summary>
    public DateTimeOffset? DeletionTime { get; set; }

    public bool Destroyed { get; set; }

    public bool IsDeleted(DateTimeOffset now) => DeletionTime is { } at && at <= now;
}

/// <summary>The engine-wide settings at <c>config</c>.</summary>
public sealed class KvConfig
{
    public int MaxVersions { get; set; }

    public bool CasRequired { get; set; }

    public long DeleteVersionAfterSeconds { get; set; }
}
