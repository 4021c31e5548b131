using Npgsql;
using VaultDemo.VaultClient.Database;

namespace VaultDemo.ReaderWorker.Reading;

/// <summary>What the reader has read, in PostgreSQL through its own dynamic credentials. Recording twice is a no-op.</summary>
internal sealed class ReadJournal(VaultNpgsqlDataSource database)
{
    public async Task<HashSet<int>> RecordedVersionsAsync(string path, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT version FROM app.secret_reads WHERE path = @path", connection);
        command.Parameters.AddWithValue("path", path);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    public async Task<string?> EmailCiphertextAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT email_ciphertext FROM app.registered_users WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", userId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Records the read and, for a registered user, the queued welcome message, together.</summary>
    public async Task RecordAsync(string path, int version, TimeSpan lag, WelcomeMessage? welcome, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var read = new NpgsqlCommand("INSERT INTO app.secret_reads (path, version, lag) VALUES (@path, @version, @lag) ON CONFLICT DO NOTHING", connection, transaction))
        {
            read.Parameters.AddWithValue("path", path);
            read.Parameters.AddWithValue("version", version);
            read.Parameters.AddWithValue("lag", lag < TimeSpan.Zero ? TimeSpan.Zero : lag);
            await read.ExecuteNonQueryAsync(cancellationToken);
        }

        if (welcome is not null)
        {
            await using var queue = new NpgsqlCommand("INSERT INTO app.welcome_messages (user_id, recipient_masked) VALUES (@user, @recipient) ON CONFLICT DO NOTHING", connection, transaction);
            queue.Parameters.AddWithValue("user", welcome.UserId);
            queue.Parameters.AddWithValue("recipient", welcome.RecipientMasked);
            await queue.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
