using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// Everything the resources print (stdout and stderr, as the dashboard's console logs show it), recorded from
/// before they start. DCP streams a resource's output only while someone watches it, so the recorder watches every
/// resource for the application's lifetime instead of asking afterwards.
/// </summary>
public sealed class ResourceOutput : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watchers = [];

    public ResourceOutput(DistributedApplication app, IEnumerable<string> resources)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var name in resources)
        {
            // By resource, not by name: DCP keeps a project's output under its instance name (reader-abcdefgh).
            var resource = model.Resources.Single(r => r.Name == name);
            var lines = _lines.GetOrAdd(name, _ => new ConcurrentQueue<string>());
            _watchers.Add(Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in logs.WatchAsync(resource).WithCancellation(_stop.Token))
                    {
                        foreach (var line in batch)
                        {
                            lines.Enqueue(line.Content);
                        }
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
            }));
        }
    }

    /// <summary>What <paramref name="resource"/> has printed so far.</summary>
    public IReadOnlyList<string> Of(string resource) => _lines.TryGetValue(resource, out var lines) ? [.. lines] : [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watchers);
        _stop.Dispose();
    }
}
