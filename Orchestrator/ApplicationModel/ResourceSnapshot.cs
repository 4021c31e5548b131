using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>What is known about a resource at one moment: published on every change, served by /api/resources.</summary>
public sealed record ResourceSnapshot
{
    public required string Name { get; init; }

    /// <summary>"Project", "Executable", "PostgresServer", "Vault", ...</summary>
    public required string Type { get; init; }

    public ResourceState State { get; init; } = ResourceState.NotStarted;

    /// <summary>Null until the first health check has run (or when the resource is not running).</summary>
    public HealthStatus? HealthStatus { get; init; }

    public IReadOnlyList<HealthReportSnapshot> HealthReports { get; init; } = [];

    public int? ExitCode { get; init; }

    public int? ProcessId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    public IReadOnlyList<UrlSnapshot> Urls { get; init; } = [];

    /// <summary>The environment the resource was started with, secret values already masked.</summary>
    public IReadOnlyList<EnvironmentVariableSnapshot> Environment { get; init; } = [];

    /// <summary>Why it is in its state when that is not obvious: the failed dependency, the missing program.</summary>
    public string? Message { get; init; }

    /// <summary>Healthy means running and every health check passing (no checks: running is enough).</summary>
    public bool IsHealthy => State == ResourceState.Running && HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
}

public sealed record HealthReportSnapshot(string Name, HealthStatus Status, string? Description);

public sealed record UrlSnapshot(string Name, string Url);

/// <summary>An environment variable as it may be shown: a secret's value is never held here, only <see cref="Mask"/>.</summary>
public sealed record EnvironmentVariableSnapshot
{
    public const string Mask = "********";

    public EnvironmentVariableSnapshot(string name, string value, bool isSecret)
    {
        Name = name;
        IsSecret = isSecret;
        Value = isSecret ? Mask : value;
    }

    public string Name { get; }

    public string Value { get; }

    public bool IsSecret { get; }
}
