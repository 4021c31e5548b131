using System.Diagnostics;
using Npgsql;
using VaultDemo.Contracts;
using VaultDemo.ReaderWorker.Reading;
using VaultDemo.VaultClient;
using VaultDemo.ReaderWorker.Diagnostics;

namespace VaultDemo.ReaderWorker.Reconciliation;

/// <summary>
/// At start and then on a timer, walks <c>secret/metadata/apps/</c> and reads every version not yet recorded, so
/// events lost on the bus (or sent while this worker was down) cannot leave a write unread.
/// </summary>
internal sealed class Reconciler(
    VaultClient.VaultClient vault,
    ReadJournal journal,
    SecretVersionReader reader,
    IOptions<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<Reconciler> logger) : BackgroundService
{
    private const int MaxDepth = 8;
    private static readonly ActivitySource Source = new("VaultDemo.Reader");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var activity = Source.StartActivity("reconcile");
            var caughtUp = await ReconcileAsync("", 0, cancellationToken);
            activity?.SetTag("vaultdemo.reconcile.versions_read", caughtUp);
            if (caughtUp > 0)
            {
                Log.Reconciled(logger, caughtUp);
            }
        }
        catch (Exception e) when (e is VaultApiException or NpgsqlException or HttpRequestException or TimeoutException)
        {
            Log.ReconciliationFailed(logger, e, options.Value.Interval);
        }
    }

    /// <summary>Reads what is missing below <paramref name="folder"/> (relative to the apps subtree); returns how many versions it read.</summary>
    private async Task<int> ReconcileAsync(string folder, int depth, CancellationToken cancellationToken)
    {
        var read = 0;
        foreach (var key in await vault.KeyValue.ListAsync(AppSecrets.KvPath(folder), cancellationToken))
        {
            var path = folder + key;
            if (key.EndsWith('/'))
            {
                read += depth < MaxDepth ? await ReconcileAsync(path, depth + 1, cancellationToken) : 0;
                continue;
            }

            if (await vault.KeyValue.ReadMetadataAsync(AppSecrets.KvPath(path), cancellationToken) is not { } metadata)
            {
                continue;
            }

            var recorded = await journal.RecordedVersionsAsync(path, cancellationToken);
            foreach (var version in metadata.Versions.Keys.Select(int.Parse).Where(v => !recorded.Contains(v)).Order())
            {
                await reader.ReadAsync(path, version, cancellationToken);
                read++;
            }
        }

        return read;
    }
}
