using System.Text;
using VaultDemo.Contracts;
using VaultDemo.ReaderWorker.Diagnostics;

namespace VaultDemo.ReaderWorker.Reading;

/// <summary>
/// Reads exactly one secret version (a later write cannot change what is read), decrypts a registered user's email
/// when the secret is one, and records it once. Shared by the bus consumer and the reconciler.
/// </summary>
internal sealed class SecretVersionReader(VaultClient.VaultClient vault, ReadJournal journal, TimeProvider time, ILogger<SecretVersionReader> logger)
{
    public async Task ReadAsync(string path, int version, CancellationToken cancellationToken)
    {
        var secret = await vault.KeyValue.ReadAsync(AppSecrets.KvPath(path), version, cancellationToken);
        if (secret is null)
        {
            Log.VersionMissing(logger, path, version);
        }

        var lag = secret is null ? TimeSpan.Zero : time.GetUtcNow() - secret.Metadata.CreatedTime;
        var welcome = secret is { IsDeleted: false } && AppSecrets.TryGetRegisteredUserId(path, out var userId)
            ? await WelcomeAsync(userId, cancellationToken)
            : null;
        await journal.RecordAsync(path, version, lag, welcome, cancellationToken);
        Log.VersionRead(logger, path, version, secret?.Data?.Count ?? 0, secret is { IsDeleted: true } ? ", deleted" : "", (long)lag.TotalMilliseconds);
    }

    private async Task<WelcomeMessage?> WelcomeAsync(string userId, CancellationToken cancellationToken)
    {
        if (await journal.EmailCiphertextAsync(userId, cancellationToken) is not { } ciphertext)
        {
            return null; // the registration did not commit its user row
        }

        var email = Encoding.UTF8.GetString(await vault.Transit.DecryptAsync(AppSecrets.TransitKey, ciphertext, cancellationToken: cancellationToken));
        return WelcomeMessage.For(userId, email);
    }
}
