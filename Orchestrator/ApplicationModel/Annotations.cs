using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>An environment variable given to the resource's process.</summary>
public sealed record EnvironmentAnnotation(string Name, IValueProvider Value) : IResourceAnnotation;

/// <summary>Command-line arguments appended to the resource's command.</summary>
public sealed record ArgumentsAnnotation(IReadOnlyList<IValueProvider> Arguments) : IResourceAnnotation;

/// <summary>How a resource waits for another before it starts.</summary>
public enum WaitBehavior
{
    /// <summary>Until the other is running and healthy.</summary>
    UntilHealthy,

    /// <summary>Until the other has finished with the expected exit code.</summary>
    UntilCompleted,
}

public sealed record WaitAnnotation(IResource Resource, WaitBehavior Behavior, int ExpectedExitCode = 0) : IResourceAnnotation;

/// <summary>A check of a running resource's health, polled by the AppHost.</summary>
public sealed record HealthCheckAnnotation(string Name, Func<CancellationToken, Task<HealthCheckResult>> CheckAsync) : IResourceAnnotation;

/// <summary>Marks a resource whose telemetry goes to the AppHost's OTLP receiver (the OTEL_* variables).</summary>
public sealed record OtlpExporterAnnotation : IResourceAnnotation;

/// <summary>Marks a resource served by an existing external instance: the AppHost starts nothing for it.</summary>
public sealed record ExternalResourceAnnotation(string ConnectionString) : IResourceAnnotation;

/// <summary>The launcher that runs the resource; resources without one (parameters, databases) are not processes.</summary>
public sealed record LauncherAnnotation(Orchestration.ResourceLauncher Launcher) : IResourceAnnotation;
