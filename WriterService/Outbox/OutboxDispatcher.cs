using System.Diagnostics;
using MassTransit;
using Npgsql;
using VaultDemo.VaultClient.Database;
using VaultDemo.WriterService.Diagnostics;

namespace VaultDemo.WriterService.Outbox;

/// <summary>
/// Publishes outbox rows in order and marks them sent. Woken after each commit and every few seconds besides (rows
/// left by a failed attempt or another writer instance). While the broker is down, publishing times out, the rows stay
/// unsent, and attempts back off; writes are unaffected because they only ever touch PostgreSQL.
/// </summary>
internal sealed class OutboxDispatcher(VaultNpgsqlDataSource database, IBus bus, OutboxSignal signal, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) == BatchSize)
                {
                }

                backoff = PollInterval;
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or MassTransitException or InvalidOperationException or TimeoutException)
            {
                Log.DispatchFailed(logger, e, backoff);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Publishes up to one batch in id order, stopping at the first failure so order is kept; returns how many were sent.</summary>
    private async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = await ReadPendingAsync(connection, transaction, cancellationToken);
        var sent = new List<long>(pending.Count);
        Exception? failure = null;
        foreach (var row in pending)
        {
            try
            {
                await PublishAsync(row, cancellationToken);
                sent.Add(row.Id);
            }
            catch (Exception e) when (e is OperationCanceledException or MassTransitException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                failure = e;
                break;
            }
        }

        if (sent.Count > 0)
        {
            await using var mark = new NpgsqlCommand("UPDATE app.outbox SET sent_at = now() WHERE id = ANY(@ids)", connection, transaction);
            mark.Parameters.AddWithValue("ids", sent.ToArray());
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return failure is null ? sent.Count : throw new TimeoutException($"Publishing stopped after {sent.Count} of {pending.Count} events; the broker did not accept the next one.", failure);
    }

    private static async Task<List<OutboxRow>> ReadPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // SKIP LOCKED: several writer instances can dispatch side by side without sending a row twice.
        await using var command = new NpgsqlCommand($"SELECT id, message_type, payload::text, trace_parent FROM app.outbox WHERE sent_at IS NULL ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    private async Task PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        // Continue the trace of the request that wrote the row, so MassTransit's publish span and the reader's consume
        // span land in it.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Tracing.Source.StartActivity("outbox publish", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.type", row.MessageType);
        activity?.SetTag("vaultdemo.outbox.id", row.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await bus.Publish(OutboxMessages.Deserialize(row.MessageType, row.Payload), timeout.Token);
    }

    private sealed record OutboxRow(long Id, string MessageType, string Payload, string? TraceParent);
}
