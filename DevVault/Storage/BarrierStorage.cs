using System.Diagnostics;
using DevVault.Telemetry;

namespace DevVault.Storage;

/// <summary>
/// Vault's security barrier: every value is encrypted with the keyring's active term before it reaches the
/// physical storage beneath, and decrypted on the way back. Keys (paths) stay in the clear, as in Vault.
/// Each operation is counted and timed for <c>sys/metrics</c> when <paramref name="metrics"/> is given.
/// </summary>
public sealed class BarrierStorage(IStorage physical, Keyring keyring, VaultMetrics? metrics = null) : IStorage
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var value = await physical.GetAsync(key, cancellationToken) is { } sealedValue ? keyring.Decrypt(key, sealedValue) : null;
        metrics?.RecordBarrier("get", Stopwatch.GetElapsedTime(start));
        return value;
    }

    public async ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        await physical.PutAsync(key, keyring.Encrypt(key, value), cancellationToken);
        metrics?.RecordBarrier("put", Stopwatch.GetElapsedTime(start));
    }

    public async ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        await physical.DeleteAsync(key, cancellationToken);
        metrics?.RecordBarrier("delete", Stopwatch.GetElapsedTime(start));
    }

    public async ValueTask WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        await physical.WriteAsync([.. writes.Select(w => w.Value is null ? w : w with { Value = keyring.Encrypt(w.Key, w.Value) })], cancellationToken);
        metrics?.RecordBarrier("write", Stopwatch.GetElapsedTime(start));
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>> GetChildrenAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var values = (await physical.GetChildrenAsync(prefix, cancellationToken))
            .Select(child => KeyValuePair.Create(child.Key, keyring.Decrypt(prefix + child.Key, child.Value)))
            .ToList();
        metrics?.RecordBarrier("get", Stopwatch.GetElapsedTime(start));
        return values;
    }

    public async ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var keys = await physical.ListAsync(prefix, cancellationToken);
        metrics?.RecordBarrier("list", Stopwatch.GetElapsedTime(start));
        return keys;
    }
}
