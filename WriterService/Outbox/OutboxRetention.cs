using Microsoft.Extensions.Options;
using Npgsql;
using VaultDemo.VaultClient.Database;
using VaultDemo.WriterService.Diagnostics;

namespace VaultDemo.WriterService.Outbox;

/// <summary>
/// Deletes sent outbox rows and Idempotency-Keys once older than the retention, in
/// bounded batches: the tables stay the size of the retention window however long the writer runs.
/// </summary>
internal sealed class OutboxRetention(VaultNpgsqlDataSource database, IOptions<OutboxRetentionOptions> options, ILogger<OutboxRetention> logger) : BackgroundService
{
    private const string DeleteSentEvents =
        "DELETE FROM app.outbox WHERE id IN (SELECT id FROM app.outbox WHERE sent_at < now() - @retention ORDER BY sent_at LIMIT @batch)";

    // Unanswered keys go too: one left by a write whose outcome never became known would otherwise refuse its
    // retries (409) for ever; past the retention, nobody retries it any more.
    private const string DeleteExpiredKeys =
        "DELETE FROM app.idempotent_writes WHERE idempotency_key IN (SELECT idempotency_key FROM app.idempotent_writes WHERE claimed_at < now() - @retention LIMIT @batch)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var events = await DeleteExpiredAsync(DeleteSentEvents, settings, stoppingToken);
                var keys = await DeleteExpiredAsync(DeleteExpiredKeys, settings, stoppingToken);
                if (events + keys > 0)
                {
                    Log.RetentionDeleted(logger, events, keys, settings.Retention);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                Log.RetentionFailed(logger, e, settings.RetentionInterval);
            }

            await Task.Delay(settings.RetentionInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Deletes batch after batch, each its own statement, until a batch comes back short.</summary>
    private async Task<long> DeleteExpiredAsync(string sql, OutboxRetentionOptions settings, CancellationToken cancellationToken)
    {
        long total = 0;
        int deleted;
        do
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("retention", settings.Retention);
            command.Parameters.AddWithValue("batch", settings.RetentionBatchSize);
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == settings.RetentionBatchSize && !cancellationToken.IsCancellationRequested);

        return total;
    }
}
