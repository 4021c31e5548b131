using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Dashboard.Resources;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>The dashboard's view of the running application: resource snapshots and captured console output.</summary>
internal sealed class DashboardResourceSource(ResourceNotificationService notifications, ResourceLoggerService logs) : IDashboardResourceSource
{
    public IReadOnlyList<DashboardResource> GetResources() =>
        [.. notifications.Current.Select(e => e.Snapshot).Select(s => new DashboardResource(
            s.Name,
            s.Type,
            s.State.ToString(),
            s.HealthStatus?.ToString(),
            [.. s.HealthReports.Select(r => new HealthReport(r.Name, r.Status.ToString(), r.Description))],
            s.StartedAt,
            [.. s.Urls.Select(u => u.Url)],
            // Snapshots hold only the mask for secrets, so nothing secret can reach a page.
            [.. s.Environment.Select(v => new EnvironmentVariable(v.Name, v.Value, v.IsSecret))],
            s.ExitCode))];

    public IReadOnlyList<ConsoleLine>? GetConsoleLines(string resourceName, long afterLine = 0) =>
        notifications.TryGetCurrent(resourceName, out _)
            ? [.. logs.GetLines(resourceName, afterLine).Select(l => new ConsoleLine(l.LineNumber, l.Line.Timestamp, l.Line.Text, l.Line.IsError))]
            : null;
}
