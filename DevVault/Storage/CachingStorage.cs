using System.Collections.Concurrent;

namespace DevVault.Storage;

/// <summary>
/// A read cache in front of a persistent physical storage, as Vault keeps one: reads of a known key skip the
/// round trip to disk or PostgreSQL. It holds barrier ciphertext only, so it needs no clearing at seal. A single
/// server owns its storage, so writes through this cache keep it exact; a miss and a write of the same key are
/// serialised so a slow read can never put back a value older than the write.
/// </summary>
public sealed class CachingStorage(IStorage inner, int capacity = 100_000) : IStorage, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]?> _entries = new(StringComparer.Ordinal);
    private readonly KeyLocks _locks = new();

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_entries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        if (_entries.TryGetValue(key, out cached))
        {
            return cached;
        }

        var value = await inner.GetAsync(key, cancellationToken);
        Remember(key, value);
        return value;
    }

    public async ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        _entries.TryRemove(key, out byte[]? _);
        await inner.PutAsync(key, value, cancellationToken);
        Remember(key, value);
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        _entries.TryRemove(key, out byte[]? _);
        await inner.DeleteAsync(key, cancellationToken);
        Remember(key, null);
    }

    public async ValueTask WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        using var _ = await _locks.AcquireAllAsync(writes.Select(w => w.Key), cancellationToken);
        foreach (var write in writes)
        {
            _entries.TryRemove(write.Key, out byte[]? _);
        }

        // A failed batch leaves these keys uncached, so the next read asks storage what was (or was not) committed.
        await inner.WriteAsync(writes, cancellationToken);
        foreach (var write in writes)
        {
            Remember(write.Key, write.Value);
        }
    }

    /// <summary>
    /// Straight to storage, and not remembered: what it loads (tokens, leases) is held in memory by its owner, and
    /// keeping it here would need every key's lock to stay exact against concurrent writes.
    /// </summary>
    public ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>> GetChildrenAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.GetChildrenAsync(prefix, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    private void Remember(string key, byte[]? value)
    {
        if (_entries.Count >= capacity)
        {
            // Crude but bounded: drop everything rather than track recency on every read.
            _entries.Clear();
        }

        _entries[key] = value;
    }
}
