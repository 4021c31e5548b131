using System.Collections.Concurrent;
using VaultDemo.Contracts;

namespace VaultDemo.WriterService.Idempotency;

/// <summary>
/// Versions Vault has written whose journal entry has not committed yet, by Idempotency-Key: when PostgreSQL fails in
/// between, a retry with the same key records this result instead of writing a second version (the writer cannot read
/// Vault to find it again). Entries leave when recorded.
/// </summary>
internal sealed class UnrecordedWrites
{
    private readonly ConcurrentDictionary<string, SecretVersionWritten> _written = new(StringComparer.Ordinal);

    public void Hold(string key, SecretVersionWritten written) => _written[key] = written;

    public bool TryGet(string key, out SecretVersionWritten written) => _written.TryGetValue(key, out written!);

    public void Recorded(string key) => _written.TryRemove(key, out _);
}
