using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace VaultDemo.Hosting.Lifecycle;

/// <summary>
/// Watches the resources while they start, and only then. Once every one is up (running and healthy, or finished with exit code 0),
/// prints <c>All resources are up:</c> and a line per resource with its state and URLs. If one fails to start
/// (an image that cannot be built, a process that cannot run, a run-once resource that exits non-zero), prints
/// why and stops the application with exit code 1, instead of waiting for ever behind "Failed to start".
/// </summary>
internal sealed class StartupSummary(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    IHostApplicationLifetime lifetime,
    TextWriter console) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (update.Resource is ParameterResource)
                {
                    continue;
                }

                _latest[update.Resource.Name] = update;
                if (Failure(update) is { } failure)
                {
                    await console.WriteLineAsync($"VaultDemo: {update.Resource.Name} {failure}. See its console log on the dashboard; stopping.").ConfigureAwait(false);
                    Environment.ExitCode = 1;
                    lifetime.StopApplication();
                    return;
                }

                if (AllUp())
                {
                    // From here on a stop, a crash or a restart is the dashboard's to show (and the operator's to
                    // act on): stopping the whole application for it would turn a restart button into an off switch.
                    await console.WriteLineAsync(Render()).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private bool AllUp() =>
        model.Resources
            .Where(resource => resource is not ParameterResource)
            .All(resource => _latest.TryGetValue(resource.Name, out var update) && IsUp(update));

    private static string? Failure(ResourceEvent update)
    {
        var state = update.Snapshot.State?.Text;
        if (state == KnownResourceStates.FailedToStart)
        {
            return "failed to start";
        }

        return state is "Exited" or "Finished" && update.Snapshot.ExitCode is { } code and not 0 && update.Snapshot.StopTimeStamp is not null
            ? $"exited with code {code}"
            : null;
    }

    private static bool IsUp(ResourceEvent update)
    {
        var snapshot = update.Snapshot;
        if (snapshot.IsHidden)
        {
            return true;
        }

        return snapshot.State?.Text switch
        {
            "Running" or "Active" => snapshot.HealthReports.IsEmpty || snapshot.HealthStatus == HealthStatus.Healthy,
            "Finished" or "Exited" => snapshot.ExitCode is 0,
            _ => false,
        };
    }

    private string Render()
    {
        var lines = _latest.Values
            .Where(update => !update.Snapshot.IsHidden)
            .OrderBy(update => update.Resource.Name, StringComparer.Ordinal)
            .Select(update =>
            {
                var urls = string.Join(' ', update.Snapshot.Urls.Where(url => !url.IsInternal).Select(url => url.Url));
                return $"  {update.Resource.Name,-20} {update.Snapshot.State?.Text,-10} {urls}".TrimEnd();
            });
        return "All resources are up:\n" + string.Join('\n', lines);
    }
}
