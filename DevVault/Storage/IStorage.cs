namespace DevVault.Storage;

/// <summary>
/// The one storage interface every engine keeps its state behind (Vault's physical/logical storage).
/// In-memory today; a persistent, encrypted backend can replace it without touching the engines.
/// Keys are <c>/</c>-separated; values are opaque bytes (engines store JSON).
/// </summary>
public interface IStorage
{
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="writes"/> in order. A storage that can commits them together, all or none, in one round
    /// trip (PostgreSQL: one transaction, one WAL flush), as Vault's transactional backends do; by default they are
    /// applied one by one. Engines that change several keys at once (a KV version and its metadata) write through here.
    /// </summary>
    async ValueTask WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        foreach (var write in writes)
        {
            if (write.Value is null)
            {
                await DeleteAsync(write.Key, cancellationToken);
            }
            else
            {
                await PutAsync(write.Key, write.Value, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The values of the keys directly under <paramref name="prefix"/> (not in its folders), with their child names, in
    /// key order. Loading a whole folder at unseal this way costs PostgreSQL one query instead of a round trip per key;
    /// by default it is a listing and a read of each key.
    /// </summary>
    async ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>> GetChildrenAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var values = new List<KeyValuePair<string, byte[]>>();
        foreach (var child in await ListAsync(prefix, cancellationToken))
        {
            if (!child.EndsWith('/') && await GetAsync(prefix + child, cancellationToken) is { } value)
            {
                values.Add(new(child, value));
            }
        }

        return values;
    }

    /// <summary>Direct children of <paramref name="prefix"/> (which ends with <c>/</c> or is empty), sorted; folders end with <c>/</c>.</summary>
    ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
