using Npgsql;
using VaultDemo.VaultClient.Database;
using VaultDemo.WriterService.Secrets;

namespace VaultDemo.WriterService.Idempotency;

/// <summary>Claims Idempotency-Keys in <c>app.idempotent_writes</c>; <see cref="Journal.WriteJournal"/> completes them.</summary>
internal sealed class IdempotencyKeys(VaultNpgsqlDataSource database)
{
    public async Task<IdempotencyClaim> ClaimAsync(string key, byte[] fingerprint, string path, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand("INSERT INTO app.idempotent_writes (idempotency_key, fingerprint, path) VALUES (@key, @fingerprint, @path) ON CONFLICT DO NOTHING", connection))
        {
            claim.Parameters.AddWithValue("key", key);
            claim.Parameters.AddWithValue("fingerprint", fingerprint);
            claim.Parameters.AddWithValue("path", path);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return new IdempotencyClaim.Claimed();
            }
        }

        await using var read = new NpgsqlCommand("SELECT fingerprint, version, created_time FROM app.idempotent_writes WHERE idempotency_key = @key", connection);
        read.Parameters.AddWithValue("key", key);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Released between our insert and this read (the earlier request failed in Vault): the caller may retry.
            return new IdempotencyClaim.Pending();
        }

        if (!reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(fingerprint))
        {
            return new IdempotencyClaim.Reused();
        }

        return reader.IsDBNull(1)
            ? new IdempotencyClaim.Pending()
            : new IdempotencyClaim.Recorded(new SecretWritten(path, reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)));
    }

    /// <summary>Gives a key back after Vault refused the write, so nothing was written and a retry may write.</summary>
    public async Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var release = new NpgsqlCommand("DELETE FROM app.idempotent_writes WHERE idempotency_key = @key AND version IS NULL", connection);
        release.Parameters.AddWithValue("key", key);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks the key's write as recorded, inside the transaction that records it.</summary>
    public static async Task CompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, Contracts.SecretVersionWritten written, CancellationToken cancellationToken)
    {
        await using var complete = new NpgsqlCommand("UPDATE app.idempotent_writes SET version = @version, created_time = @created WHERE idempotency_key = @key", connection, transaction);
        complete.Parameters.AddWithValue("key", key);
        complete.Parameters.AddWithValue("version", written.Version);
        complete.Parameters.AddWithValue("created", written.CreatedTime);
        await complete.ExecuteNonQueryAsync(cancellationToken);
    }
}
