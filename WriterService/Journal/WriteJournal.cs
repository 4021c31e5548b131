using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using VaultDemo.Contracts;
using VaultDemo.VaultClient.Database;
using VaultDemo.WriterService.Idempotency;
using VaultDemo.WriterService.Outbox;
using VaultDemo.WriterService.Diagnostics;

namespace VaultDemo.WriterService.Journal;

/// <summary>
/// Records a written secret version and its event in one transaction: either both exist or neither, so the event
/// can be published later (the broker may be down) but is never lost or sent for a write that was not recorded.
/// </summary>
internal sealed class WriteJournal(VaultNpgsqlDataSource database, OutboxSignal outbox, ILogger<WriteJournal> logger)
{
    private const int Attempts = 3;

    /// <summary>
    /// Records in a transaction of its own, retried when the connection was lost (e.g. its database user was revoked);
    /// with <paramref name="idempotencyKey"/>, completes that key in the same transaction.
    /// </summary>
    public async Task RecordAsync(SecretVersionWritten written, string? idempotencyKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await RecordAsync(connection, transaction, written, cancellationToken);
                if (idempotencyKey is not null)
                {
                    await IdempotencyKeys.CompleteAsync(connection, transaction, idempotencyKey, written, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                break;
            }
            catch (NpgsqlException e) when (attempt < Attempts && IsRetryable(e))
            {
                // A terminated session usually means all of them were (the database user was revoked): drop the idle
                // ones too, so the retry opens a fresh connection instead of picking the next dead one.
                database.Clear();
                // Safe to repeat: a version recorded by an attempt whose commit did succeed is skipped, with its event.
                Log.RecordRetried(logger, e, written.Path, written.Version, (e as PostgresException)?.SqlState);
            }
        }

        outbox.Notify();
    }

    /// <summary>Records inside the caller's transaction (a registration commits its user row with it). Call <see cref="OutboxSignal.Notify"/> after commit.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SecretVersionWritten written, CancellationToken cancellationToken)
    {
        await using var record = new NpgsqlCommand("INSERT INTO app.secret_writes (path, version, created_time) VALUES (@path, @version, @created) ON CONFLICT DO NOTHING", connection, transaction);
        record.Parameters.AddWithValue("path", written.Path);
        record.Parameters.AddWithValue("version", written.Version);
        record.Parameters.AddWithValue("created", written.CreatedTime);
        if (await record.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return; // recorded before, event included
        }

        await using var enqueue = new NpgsqlCommand("INSERT INTO app.outbox (message_type, payload, trace_parent) VALUES (@type, @payload::jsonb, @trace)", connection, transaction);
        enqueue.Parameters.AddWithValue("type", OutboxMessages.TypeName<SecretVersionWritten>());
        enqueue.Parameters.AddWithValue("payload", JsonSerializer.Serialize(written, JsonSerializerOptions.Web));
        // The dispatcher continues this trace when it publishes, so the write and its consumption are one trace.
        enqueue.Parameters.AddWithValue("trace", (object?)Activity.Current?.Id ?? DBNull.Value);
        await enqueue.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool IsRetryable(NpgsqlException e) =>
        e.IsTransient || e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}
