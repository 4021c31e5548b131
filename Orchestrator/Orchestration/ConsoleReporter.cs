using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>
/// The AppHost's console: each resource's output behind a coloured name, one line per state change while
/// resources start, and a summary of states and URLs once everything has settled and again at the end.
/// </summary>
public sealed class ConsoleReporter
{
    private static readonly string[] s_colors = ["36", "33", "35", "32", "34", "96", "93", "95", "92", "94"];

    private readonly object _gate = new();
    private readonly TextWriter _output;
    private readonly DistributedApplicationOptions _options;
    private readonly bool _useColor;
    private readonly Dictionary<string, string> _colorOf = new(StringComparer.Ordinal);
    private readonly int _nameWidth;
    private readonly DistributedApplicationModel _model;
    private readonly ResourceNotificationService _notifications;
    private bool _settledReported;

    public ConsoleReporter(DistributedApplicationModel model, ResourceNotificationService notifications, DistributedApplicationOptions options, TextWriter? output = null)
    {
        _model = model;
        _notifications = notifications;
        _options = options;
        _output = output ?? Console.Out;
        _useColor = output is null && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        _nameWidth = model.Resources.Select(r => r.Name.Length).DefaultIfEmpty(8).Max();
        for (var i = 0; i < model.Resources.Count; i++)
        {
            _colorOf[model.Resources[i].Name] = s_colors[i % s_colors.Length];
        }
    }

    public void Echo(string resourceName, ConsoleLogLine line)
    {
        if (_options.EchoResourceOutput)
        {
            Write($"{Prefix(resourceName)}{line.Text}");
        }
    }

    public void Announce(string message)
    {
        if (_options.ReportProgress)
        {
            Write(message);
        }
    }

    /// <summary>Prints state changes until every resource has settled, then the summary.</summary>
    public async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        if (!_options.ReportProgress)
        {
            return;
        }

        var lastState = new Dictionary<string, (ResourceState, HealthStatus?)>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await foreach (var resourceEvent in _notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                var snapshot = resourceEvent.Snapshot;
                if (resourceEvent.Resource is ParameterResource || lastState.GetValueOrDefault(snapshot.Name) == (snapshot.State, snapshot.HealthStatus))
                {
                    continue;
                }

                lastState[snapshot.Name] = (snapshot.State, snapshot.HealthStatus);
                if (snapshot.State != ResourceState.NotStarted)
                {
                    Write($"{Prefix(snapshot.Name)}{Describe(snapshot)} [{clock.Elapsed.TotalSeconds:0.0}s]");
                }

                if (!_settledReported && HasSettled())
                {
                    _settledReported = true;
                    WriteSummary(_notifications.Current.Any(e => e.Snapshot.State is ResourceState.FailedToStart or ResourceState.RuntimeUnhealthy || e.Snapshot is { State: ResourceState.Finished, ExitCode: not 0 })
                        ? "Some resources failed:" : "All resources are up:");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The AppHost is stopping.
        }
    }

    public void ReportStopped()
    {
        if (_options.ReportProgress)
        {
            WriteSummary("Stopped:");
        }
    }

    private bool HasSettled() =>
        _notifications.Current.Where(e => e.Resource is not ParameterResource).All(e => e.Snapshot.IsHealthy || e.Snapshot.State.IsTerminal());

    private void WriteSummary(string title)
    {
        var text = new StringBuilder().AppendLine(title);
        foreach (var resourceEvent in _notifications.Current.Where(e => e.Resource is not ParameterResource))
        {
            var snapshot = resourceEvent.Snapshot;
            text.Append("  ").Append(snapshot.Name.PadRight(_nameWidth)).Append("  ").Append(Describe(snapshot).PadRight(28));
            text.AppendLine(string.Join("  ", snapshot.Urls.Select(u => u.Url)));
        }

        Write(text.ToString().TrimEnd());
    }

    private static string Describe(ResourceSnapshot snapshot)
    {
        var text = ResourceTypes.Describe(snapshot with { Message = null });
        if (snapshot.State == ResourceState.Running && snapshot.HealthStatus is { } health)
        {
            text += $" ({health})";
        }

        return snapshot.Message is null ? text : $"{text}: {snapshot.Message}";
    }

    private string Prefix(string resourceName)
    {
        var name = resourceName.PadRight(_nameWidth);
        return _useColor && _colorOf.TryGetValue(resourceName, out var color) ? $"\u001b[{color}m{name}\u001b[0m | " : $"{name} | ";
    }

    private void Write(string text)
    {
        lock (_gate)
        {
            _output.WriteLine(text);
        }
    }
}
