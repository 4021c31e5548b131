namespace DevVault.Storage;

/// <summary>
/// Vault's security barrier: every value is encrypted with the keyring's active term before it reaches the
/// physical storage beneath, and decrypted on the way back. Keys (paths) stay in the clear, as in Vault.
/// </summary>
public sealed class BarrierStorage(IStorage physical, Keyring keyring) : IStorage
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        await physical.GetAsync(key, cancellationToken) is { } sealedValue ? keyring.Decrypt(key, sealedValue) : null;

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) =>
        physical.PutAsync(key, keyring.Encrypt(key, value), cancellationToken);

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        physical.DeleteAsync(key, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        physical.ListAsync(prefix, cancellationToken);
}
