using System.Collections.Concurrent;

namespace VaultDemo.VaultClient.KeyValue;

/// <summary>
/// Two bounded caches of KV reads. A version's data never changes, so versioned reads are kept until evicted
/// by size; reads of "latest" expire after a short, fixed bound measured from before the request was sent,
/// so nothing is ever served older than the bound, and are bounded in number too (expired ones are swept out).
/// Deleted versions are never cached (they can be undeleted).
/// </summary>
/// <remarks>
/// After this client writes version N of a path, its reads of latest return N or newer: a read that was already
/// in flight may come back with an older version after the write, so the write leaves a minimum version that such
/// an answer cannot get past. The minimum only has to last one bound: every read sent before the write completed
/// expires within a bound of it. Our own deletes work the same way, by time rather than version: answers to reads
/// sent before the delete completed are refused for one bound.
/// </remarks>
internal sealed class KvReadCache(TimeProvider timeProvider, TimeSpan latestFor, int latestCapacity, int versionedCapacity)
{
    private readonly ConcurrentDictionary<(KvCacheKey Key, int Version), CachedVersion> _versions = new();
    private readonly ConcurrentDictionary<KvCacheKey, LatestSlot> _latest = new();
    private long _nextLatestSweepTicks; // UTC ticks; a long so concurrent readers never see a torn value

    /// <summary>How many paths hold a latest entry or a minimum version (for tests of the bound).</summary>
    public int LatestCount => _latest.Count;

    public bool CachesVersions => versionedCapacity > 0;

    public bool CachesLatest => latestFor > TimeSpan.Zero;

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public bool TryGetVersion(KvCacheKey key, int version, out CachedVersion entry) => _versions.TryGetValue((key, version), out entry!);

    public bool TryGetLatest(KvCacheKey key, out CachedVersion entry)
    {
        if (_latest.TryGetValue(key, out var slot) && slot.Entry is { } cached && cached.Metadata.Version >= slot.MinimumVersion && Now < cached.ExpiresAt)
        {
            entry = cached;
            return true;
        }

        entry = default;
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
        var now = Now;
        var expiring = entry with { ExpiresAt = requestedAt + latestFor };
        if (!CachesLatest || expiring.ExpiresAt <= now || !MakeRoomForLatest(now))
        {
            return;
        }

        _latest.AddOrUpdate(
            key,
            static (_, added) => new LatestSlot(added.Entry, 0, default),
            static (_, slot, added) => slot.Offer(added.Entry, added.RequestedAt, added.Now),
            (Entry: expiring, RequestedAt: requestedAt, Now: now));
    }

    /// <summary>Our own write of <paramref name="version"/> succeeded: from now on latest is that version or newer.</summary>
    public void Written(KvCacheKey key, int version)
    {
        if (!CachesLatest)
        {
            return;
        }

        var now = Now;
        MakeRoomForLatest(now); // a minimum is kept even when the cache is full: it lasts one bound only
        _latest.AddOrUpdate(
            key,
            static (_, written) => new LatestSlot(null, written.Version, written.Until),
            static (_, slot, written) => slot.RaiseMinimum(written.Version, written.Until),
            (Version: version, Until: now + latestFor));
    }

    /// <summary>
    /// Our write is about to be sent: the cached latest is dropped, so it is not served again if the outcome stays
    /// unknown, but the minimum left by an earlier write of ours stays. Without it, an answer that was in flight before
    /// that earlier write could be cached again as soon as this one starts, and be served if this one fails.
    /// </summary>
    public void Writing(KvCacheKey key)
    {
        while (_latest.TryGetValue(key, out var slot) && slot.Entry is not null && !_latest.TryUpdate(key, slot with { Entry = null }, slot))
        {
            // Another thread changed the slot in between: look again.
        }
    }

    /// <summary>
    /// Our own delete, undelete or destroy succeeded: an answer to a read sent before it may still arrive and must not
    /// be cached, for one bound (every such answer has expired by then).
    /// </summary>
    public void Deleted(KvCacheKey key)
    {
        if (!CachesLatest)
        {
            return;
        }

        var now = Now;
        MakeRoomForLatest(now); // kept even when the cache is full, as a write's minimum is
        _latest.AddOrUpdate(
            key,
            static (_, deleted) => new LatestSlot(null, 0, deleted.Until) { NotRequestedBefore = deleted.At },
            static (_, slot, deleted) => slot.RejectRequestedBefore(deleted.At, deleted.Until),
            (At: now, Until: now + latestFor));
    }

    /// <summary>Our own delete is about to be sent: "latest" is stale at once; destroy also removes the versions' data.</summary>
    public void Invalidate(KvCacheKey key, bool versionsToo)
    {
        Writing(key);
        if (versionsToo)
        {
            foreach (var stale in _versions.Keys.Where(k => k.Key == key))
            {
                _versions.TryRemove(stale, out _);
            }
        }
    }

    /// <summary>
    /// Drops expired slots at most once per bound (so the cost stays amortised), and when the cache is still full,
    /// an eighth of the entries whose minimum is no longer in force: which ones does not matter for correctness, an
    /// evicted path is simply read again. False when there is still no room.
    /// </summary>
    private bool MakeRoomForLatest(DateTimeOffset now)
    {
        if (now.UtcTicks >= Volatile.Read(ref _nextLatestSweepTicks) || _latest.Count >= latestCapacity)
        {
            Volatile.Write(ref _nextLatestSweepTicks, (now + latestFor).UtcTicks);
            foreach (var (key, slot) in _latest)
            {
                if (slot.ExpiresAt <= now)
                {
                    _latest.TryRemove(key, out _);
                }
            }
        }

        if (_latest.Count >= latestCapacity)
        {
            foreach (var (key, _) in _latest.Where(s => s.Value.MinimumUntil <= now).Take(Math.Max(1, latestCapacity / 8)))
            {
                _latest.TryRemove(key, out _);
            }
        }

        return _latest.Count < latestCapacity;
    }

    /// <summary>A path's latest entry, and the version below which no entry is accepted until <see cref="MinimumUntil"/>.</summary>
    private readonly record struct LatestSlot(CachedVersion? Entry, int MinimumVersion, DateTimeOffset MinimumUntil)
    {
        /// <summary>Until <see cref="MinimumUntil"/>, answers to reads sent by this time are refused (our own delete may have come after them).</summary>
        public DateTimeOffset NotRequestedBefore { get; init; }

        public DateTimeOffset ExpiresAt => Entry is { } entry && entry.ExpiresAt > MinimumUntil ? entry.ExpiresAt : MinimumUntil;

        /// <summary>Takes a fresh answer unless it is older than the minimum, or than an entry that is still valid.</summary>
        public LatestSlot Offer(CachedVersion offered, DateTimeOffset requestedAt, DateTimeOffset now)
        {
            var version = offered.Metadata.Version;
            if ((version < MinimumVersion || requestedAt <= NotRequestedBefore) && now < MinimumUntil)
            {
                return this;
            }

            return Entry is { } current && current.Metadata.Version > version && now < current.ExpiresAt ? this : this with { Entry = offered };
        }

        public LatestSlot RaiseMinimum(int version, DateTimeOffset until) => this with
        {
            Entry = Entry is { } entry && entry.Metadata.Version >= version ? entry : null,
            MinimumVersion = Math.Max(MinimumVersion, version),
            MinimumUntil = until > MinimumUntil ? until : MinimumUntil,
        };

        public LatestSlot RejectRequestedBefore(DateTimeOffset at, DateTimeOffset until) => this with
        {
            Entry = null,
            NotRequestedBefore = at,
            MinimumUntil = until > MinimumUntil ? until : MinimumUntil,
        };
    }
}

/// <summary>
/// One client's caches are shared by every <see cref="KeyValueClient"/> it hands out, so an entry is named by mount and
/// path: <c>secret/app</c> and <c>kv/app</c> are different secrets.
/// </summary>
internal readonly record struct KvCacheKey(string Mount, string Path);

/// <summary>The raw JSON of <c>data.data</c> (deserialised afresh on every hit, so callers cannot mutate the cache) and its metadata.</summary>
internal readonly record struct CachedVersion(ReadOnlyMemory<byte> Data, KvVersionMetadata Metadata, DateTimeOffset ExpiresAt = default);
