namespace DevVault.Storage;

/// <summary>A view of another storage under a key prefix, so each mount sees only its own keys.</summary>
public sealed class StorageView(IStorage inner, string prefix) : IStorage
{
    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        inner.GetAsync(prefix + key, cancellationToken);

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) =>
        inner.PutAsync(prefix + key, value, cancellationToken);

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(prefix + key, cancellationToken);

    public ValueTask WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default) =>
        inner.WriteAsync([.. writes.Select(w => w with { Key = prefix + w.Key })], cancellationToken);

    public ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>> GetChildrenAsync(string childPrefix, CancellationToken cancellationToken = default) =>
        inner.GetChildrenAsync(prefix + childPrefix, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(string listPrefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix + listPrefix, cancellationToken);
}
