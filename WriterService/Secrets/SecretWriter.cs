using VaultDemo.Contracts;
using VaultDemo.VaultClient;
using VaultDemo.WriterService.Idempotency;
using VaultDemo.WriterService.Journal;

namespace VaultDemo.WriterService.Secrets;

/// <summary>
/// Writes a secret version to Vault, then records it with its event in one database transaction. With an
/// Idempotency-Key, the key is claimed first, so a retry after a failure between the two steps completes the record
/// (or returns the recorded result) instead of writing Vault again.
/// </summary>
internal sealed class SecretWriter(VaultClient.VaultClient vault, WriteJournal journal, IdempotencyKeys keys, SecretWriteFingerprint fingerprint, UnrecordedWrites unrecorded)
{
    public async Task<SecretWritten> WriteAsync(string path, SecretWriteRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
        {
            var written = await WriteToVaultAsync(path, request, cancellationToken);
            await journal.RecordAsync(written, idempotencyKey: null, cancellationToken);
            return Answer(written);
        }

        switch (await keys.ClaimAsync(idempotencyKey, await fingerprint.OfAsync(path, request, cancellationToken), path, cancellationToken))
        {
            case IdempotencyClaim.Recorded recorded:
                return recorded.Result;
            case IdempotencyClaim.Reused:
                throw new IdempotencyKeyException(reused: true, "This Idempotency-Key was used for a different request (path, cas or data); use a new key.");
            case IdempotencyClaim.Pending when unrecorded.TryGet(idempotencyKey, out var held):
                return await RecordAsync(idempotencyKey, held, cancellationToken);
            case IdempotencyClaim.Pending:
                throw new IdempotencyKeyException(reused: false, "A request with this Idempotency-Key is in progress, or stopped before its outcome was recorded; retry later, or check the secret before writing it with a new key.");
        }

        SecretVersionWritten version;
        try
        {
            version = await WriteToVaultAsync(path, request, cancellationToken);
        }
        catch (VaultApiException e) when (FailedVaultWrite.StoredNothing(e))
        {
            // Refused or never sent: the key is free for the retry (after a 503, the same request; after a 4xx, a corrected one).
            await keys.ReleaseAsync(idempotencyKey, cancellationToken);
            throw;
        }

        unrecorded.Hold(idempotencyKey, version);
        return await RecordAsync(idempotencyKey, version, cancellationToken);
    }

    private async Task<SecretVersionWritten> WriteToVaultAsync(string path, SecretWriteRequest request, CancellationToken cancellationToken)
    {
        var version = await vault.KeyValue.WriteAsync(AppSecrets.KvPath(path), request.Data, request.Cas, cancellationToken);
        return new SecretVersionWritten(path, version.Version, version.CreatedTime);
    }

    private async Task<SecretWritten> RecordAsync(string idempotencyKey, SecretVersionWritten written, CancellationToken cancellationToken)
    {
        await journal.RecordAsync(written, idempotencyKey, cancellationToken);
        unrecorded.Recorded(idempotencyKey);
        return Answer(written);
    }

    /// <summary>The answer, in the precision PostgreSQL records (microseconds), so a retry replayed from the record answers the same.</summary>
    private static SecretWritten Answer(SecretVersionWritten written) =>
        new(written.Path, written.Version, written.CreatedTime.AddTicks(-(written.CreatedTime.Ticks % (TimeSpan.TicksPerMillisecond / 1000))));
}
