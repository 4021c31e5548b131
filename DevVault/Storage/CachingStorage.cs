using System.Collections.Concurrent;

namespace DevVault.Storage;

/// <summary>
/// A read cache in front of a persistent physical storage, as Vault keeps one: reads of a known key skip the
/// round trip to disk or PostgreSQL. It holds barrier ciphertext only, so it needs no clearing at seal. A single
/// server owns its storage, so writes through this cache keep it exact.
/// </summary>
/// <remarks>
/// No lock is held across a round trip: a write to PostgreSQL waits for a commit, and holding a lock through it made
/// unrelated writes that shared a lock wait for each other's commits. Instead each key's stripe counts the writes
/// that start and end on it, and a value read or written is remembered only when no other write touched the stripe
/// meanwhile; otherwise the key is left uncached and the next read asks storage. So a slow read can never put back a
/// value older than a write, and a failed write leaves its keys to be read again.
/// </remarks>
public sealed class CachingStorage(IStorage inner, int capacity = 100_000) : IStorage, IAsyncDisposable
{
    // A write leaves its keys uncached when another write shares their stripe meanwhile. With 16 writes of 3 keys in
    // flight, 256 stripes left one write in six to be read back from storage; 4,096 leave about one in a hundred.
    private const int Stripes = 4096;

    private readonly ConcurrentDictionary<string, byte[]?> _entries = new(StringComparer.Ordinal);
    private readonly Stripe[] _stripes = [.. Enumerable.Range(0, Stripes).Select(_ => new Stripe())];

    // Counted here because ConcurrentDictionary.Count takes every one of its locks, on every call.
    private int _count;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var stripe = StripeOf(key);
        var seen = Volatile.Read(ref stripe.Changes);
        var value = await inner.GetAsync(key, cancellationToken);
        lock (stripe)
        {
            if (stripe.Changes == seen)
            {
                Remember(key, value);
            }
        }

        return value;
    }

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) =>
        WriteAsync([StorageWrite.Put(key, value)], cancellationToken);

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        WriteAsync([StorageWrite.Delete(key)], cancellationToken);

    public async ValueTask WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        var byStripe = writes.GroupBy(w => StripeOf(w.Key)).ToArray();
        var started = new long[byStripe.Length];
        for (var i = 0; i < byStripe.Length; i++)
        {
            var stripe = byStripe[i].Key;
            lock (stripe)
            {
                started[i] = ++stripe.Changes;
                foreach (var write in byStripe[i])
                {
                    Forget(write.Key);
                }
            }
        }

        var committed = false;
        try
        {
            await inner.WriteAsync(writes, cancellationToken);
            committed = true;
        }
        finally
        {
            for (var i = 0; i < byStripe.Length; i++)
            {
                var stripe = byStripe[i].Key;
                lock (stripe)
                {
                    // Untouched since this write began: what it wrote is what storage now holds for its keys.
                    var alone = committed && stripe.Changes == started[i];
                    stripe.Changes++;
                    foreach (var write in byStripe[i])
                    {
                        if (alone)
                        {
                            Remember(write.Key, write.Value);
                        }
                        else
                        {
                            Forget(write.Key);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Straight to storage, and not remembered: what it loads (tokens, leases) is held in memory by its owner, and
    /// keeping it here would need every key's stripe checked against concurrent writes.
    /// </summary>
    public ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>> GetChildrenAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.GetChildrenAsync(prefix, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private Stripe StripeOf(string key) => _stripes[(uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length];

    private void Remember(string key, byte[]? value)
    {
        if (!_entries.TryAdd(key, value))
        {
            _entries[key] = value;
        }
        else if (Interlocked.Increment(ref _count) > capacity)
        {
            // Crude but bounded: drop everything rather than track recency on every read.
            _entries.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
    }

    private void Forget(string key)
    {
        if (_entries.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>A lock object for a share of the keys, with the number of write starts and ends it has seen.</summary>
    private sealed class Stripe
    {
        public long Changes;
    }
}
