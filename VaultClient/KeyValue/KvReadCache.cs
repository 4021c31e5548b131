using System.Collections.Concurrent;

namespace VaultDemo.VaultClient.KeyValue;

/// <summary>
/// Two bounded caches of KV reads. A version's data never changes, so versioned reads are kept until evicted
/// by size; reads of "latest" expire after a short, fixed bound measured from before the request was sent,
/// so nothing is ever served older than the bound. Deleted versions are never cached (they can be undeleted).
/// </summary>
internal sealed class KvReadCache(TimeProvider timeProvider, TimeSpan latestFor, int versionedCapacity)
{
    private readonly ConcurrentDictionary<(string Path, int Version), CachedVersion> _versions = new();
    private readonly ConcurrentDictionary<string, CachedVersion> _latest = new(StringComparer.Ordinal);

    public bool CachesVersions => versionedCapacity > 0;

    public bool CachesLatest => latestFor > TimeSpan.Zero;

    public bool TryGetVersion(string path, int version, out CachedVersion entry) => _versions.TryGetValue((path, version), out entry!);

    public bool TryGetLatest(string path, out CachedVersion entry)
    {
        if (_latest.TryGetValue(path, out entry!) && timeProvider.GetUtcNow() < entry.ExpiresAt)
        {
            return true;
        }

        return false;
    }

    public void AddVersion(string path, CachedVersion entry)
    {
        if (!CachesVersions)
        {
            return;
        }

        if (_versions.Count >= versionedCapacity)
        {
            // Eviction order does not matter for correctness (versions never go stale); keep it cheap.
            foreach (var key in _versions.Keys.Take(Math.Max(1, versionedCapacity / 8)))
            {
                _versions.TryRemove(key, out _);
            }
        }

        _versions[(path, entry.Metadata.Version)] = entry;
    }

    /// <summary>Caches a latest read; <paramref name="requestedAt"/> is when the request left, so the bound covers the round trip too.</summary>
    public void AddLatest(string path, CachedVersion entry, DateTimeOffset requestedAt)
    {
        if (CachesLatest)
        {
            _latest[path] = entry with { ExpiresAt = requestedAt + latestFor };
        }
    }

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>Our own write or delete makes "latest" stale at once; destroy also removes the versions' data.</summary>
    public void Invalidate(string path, bool versionsToo)
    {
        _latest.TryRemove(path, out _);
        if (versionsToo)
        {
            foreach (var key in _versions.Keys.Where(k => k.Path == path))
            {
                _versions.TryRemove(key, out _);
            }
        }
    }
}

/// <summary>The raw JSON of <c>data.data</c> (deserialised afresh on every hit, so callers cannot mutate the cache) and its metadata.</summary>
internal readonly record struct CachedVersion(ReadOnlyMemory<byte> Data, KvVersionMetadata Metadata, DateTimeOffset ExpiresAt = default);
