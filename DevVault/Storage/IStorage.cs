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

    /// <summary>Direct children of <paramref name="prefix"/> (which ends with <c>/</c> or is empty), sorted; folders end with <c>/</c>.</summary>
    ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
