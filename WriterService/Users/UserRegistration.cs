using System.Text;
using Npgsql;
using VaultDemo.Contracts;
using VaultDemo.VaultClient.Database;
using VaultDemo.WriterService.Journal;
using VaultDemo.WriterService.Outbox;

namespace VaultDemo.WriterService.Users;

/// <summary>
/// Registers a user: the email encrypted by transit (the writer can encrypt, never decrypt), the api secret written
/// to Vault, and the user row, the write record and its event committed together. The user row
/// goes first, so a duplicate id is refused before anything reaches Vault.
/// </summary>
internal sealed class UserRegistration(VaultClient.VaultClient vault, VaultNpgsqlDataSource database, OutboxSignal outbox)
{
    public async Task<UserRegistered?> RegisterAsync(RegisterUserRequest user, CancellationToken cancellationToken)
    {
        var emailCiphertext = await vault.Transit.EncryptAsync(AppSecrets.TransitKey, Encoding.UTF8.GetBytes(user.Email), cancellationToken: cancellationToken);
        var path = AppSecrets.RegisteredUserPath(user.Id);

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("INSERT INTO app.registered_users (id, name, email_ciphertext) VALUES (@id, @name, @email) ON CONFLICT DO NOTHING", connection, transaction))
        {
            insert.Parameters.AddWithValue("id", user.Id);
            insert.Parameters.AddWithValue("name", user.Name);
            insert.Parameters.AddWithValue("email", emailCiphertext);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return null; // the id is taken
            }
        }

        // No check-and-set: holding the new user row's unique key already makes this the only registration of the id,
        // and a secret left by an earlier attempt whose commit failed must be superseded, not block the retry.
        var version = await vault.KeyValue.WriteAsync(AppSecrets.KvPath(path), new Dictionary<string, string> { ["apiSecret"] = user.ApiSecret }, cancellationToken: cancellationToken);
        await WriteJournal.RecordAsync(connection, transaction, new SecretVersionWritten(path, version.Version, version.CreatedTime), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Notify();
        return new UserRegistered(user.Id, user.Name, path, version.Version);
    }
}
