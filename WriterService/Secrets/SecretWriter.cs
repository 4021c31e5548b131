using VaultDemo.Contracts;
using VaultDemo.WriterService.Journal;

namespace VaultDemo.WriterService.Secrets;

/// <summary>Writes a secret version to Vault, then records it with its event in one database transaction.</summary>
internal sealed class SecretWriter(VaultClient.VaultClient vault, WriteJournal journal)
{
    public async Task<SecretWritten> WriteAsync(string path, SecretWriteRequest request, CancellationToken cancellationToken)
    {
        var version = await vault.KeyValue.WriteAsync(AppSecrets.KvPath(path), request.Data, request.Cas, cancellationToken);
        var written = new SecretVersionWritten(path, version.Version, version.CreatedTime);
        await journal.RecordAsync(written, cancellationToken);
        return new SecretWritten(path, version.Version, version.CreatedTime);
    }
}
