namespace VaultDemo.Orchestrator.Dashboard.Resources;

/// <summary>
/// What the dashboard needs from the app model: a snapshot of every resource and its console output.
/// The AppHost's orchestrator implements it; the dashboard never changes a resource.
/// </summary>
public interface IDashboardResourceSource
{
    IReadOnlyList<DashboardResource> GetResources();

    /// <summary>Console lines of a resource after <paramref name="afterLine"/>, across restarts; null for an unknown resource.</summary>
    IReadOnlyList<ConsoleLine>? GetConsoleLines(string resourceName, long afterLine = 0);
}

/// <summary>A resource as the Resources page shows it.</summary>
/// <param name="Environment">Variables injected into the process; <see cref="EnvironmentVariable.IsSecret"/> values are never rendered.</param>
public sealed record DashboardResource(
    string Name,
    string Type,
    string State,
    string? HealthStatus,
    IReadOnlyList<HealthReport> HealthReports,
    DateTimeOffset? StartedAt,
    IReadOnlyList<string> Urls,
    IReadOnlyList<EnvironmentVariable> Environment,
    int? ExitCode,
    int Restarts = 0);

public sealed record HealthReport(string Name, string Status, string? Description);

public sealed record EnvironmentVariable(string Name, string Value, bool IsSecret);

/// <summary>One line of a process's stdout or stderr, numbered across restarts of the resource.</summary>
public sealed record ConsoleLine(long LineNumber, DateTimeOffset Timestamp, string Text, bool IsError);
