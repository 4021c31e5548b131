using System.Collections.Concurrent;

namespace VaultDemo.VaultClient.KeyValue;

/// <summary>
/// Two bounded caches of KV reads. A version's data never changes, so versioned reads are kept until evicted
/// by size; reads of "latest" expire after a short, fixed bound measured from before the request was sent,
/// so nothing is ever served older than the bound, and are bounded in number too (expired ones are swept out). Deleted versions are never cached (they can be undeleted).
/// </summary>
internal sealed class KvReadCache(TimeProvider timeProvider, TimeSpan latestFor, int latestCapacity, int versionedCapacity)
{
    private readonly ConcurrentDictionary<(KvCacheKey Key, int Version), CachedVersion> _versions = new();
    private readonly ConcurrentDictionary<KvCacheKey, CachedVersion> _latest = new();
    private long _nextLatestSweepTicks; // UTC ticks; a long so concurrent readers never see a torn value

    /// <summary>How many paths hold a latest entry (for tests of the bound).</summary>
    public int LatestCount => _latest.Count;

    public bool CachesVersions => versionedCapacity > 0;

    public bool CachesLatest => latestFor > TimeSpan.Zero;

    public bool TryGetVersion(KvCacheKey key, int version, out CachedVersion entry) => _versions.TryGetValue((key, version), out entry!);

    public bool TryGetLatest(KvCacheKey key, out CachedVersion entry)
    {
        if (_latest.TryGetValue(key, out entry!) && timeProvider.GetUtcNow() < entry.ExpiresAt)
        {
            return true;
        }

        return false;
    }

    public void AddVersion(KvCacheKey key, CachedVersion entry)
    {
        if (!CachesVersions)
        {
            return;
        }

        if (_versions.Count >= versionedCapacity)
        {
            // Eviction order does not matter for correctness (versions never go stale); keep it cheap.
            foreach (var evicted in _versions.Keys.Take(Math.Max(1, versionedCapacity / 8)))
            {
                _versions.TryRemove(evicted, out _);
            }
        }

        _versions[(key, entry.Metadata.Version)] = entry;
    }

    /// <summary>Caches a latest read; <paramref name="requestedAt"/> is when the request left, so the bound covers the round trip too.</summary>
    public void AddLatest(KvCacheKey key, CachedVersion entry, DateTimeOffset requestedAt)
    {
        var expiresAt = requestedAt + latestFor;
        if (!CachesLatest || expiresAt <= Now || !MakeRoomForLatest())
        {
            return;
        }

        _latest[key] = entry with { ExpiresAt = expiresAt };
    }

    /// <summary>
    /// Drops expired entries at most once per bound (so the cost stays amortised), and when the cache is still full,
    /// an eighth of it: which ones does not matter for correctness, an evicted path is simply read again.
    /// </summary>
    private bool MakeRoomForLatest()
    {
        var now = Now;
        if (now.UtcTicks >= Volatile.Read(ref _nextLatestSweepTicks) || _latest.Count >= latestCapacity)
        {
            Volatile.Write(ref _nextLatestSweepTicks, (now + latestFor).UtcTicks);
            foreach (var (key, entry) in _latest)
            {
                if (entry.ExpiresAt <= now)
                {
                    _latest.TryRemove(key, out _);
                }
            }
        }

        if (_latest.Count >= latestCapacity)
        {
            foreach (var key in _latest.Keys.Take(Math.Max(1, latestCapacity / 8)))
            {
                _latest.TryRemove(key, out _);
            }
        }

        return _latest.Count < latestCapacity;
    }

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>Our own write or delete makes "latest" stale at once; destroy also removes the versions' data.</summary>
    public void Invalidate(KvCacheKey key, bool versionsToo)
    {
        _latest.TryRemove(key, out _);
        if (versionsToo)
        {
            foreach (var stale in _versions.Keys.Where(k => k.Key == key))
            {
                _versions.TryRemove(stale, out _);
            }
        }
    }
}

/// <summary>
/// One client's caches are shared by every <see cref="KeyValueClient"/> it hands out, so an entry is named by mount and
/// path: <c>secret/app</c> and <c>kv/app</c> are different secrets.
/// </summary>
internal readonly record struct KvCacheKey(string Mount, string Path);

/// <summary>The raw JSON of <c>data.data</c> (deserialised afresh on every hit, so callers cannot mutate the cache) and its metadata.</summary>
internal readonly record struct CachedVersion(ReadOnlyMemory<byte> Data, KvVersionMetadata Metadata, DateTimeOffset ExpiresAt = default);
