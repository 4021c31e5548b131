using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>
/// Runs the application model: every resource starts as soon as what it waits for is ready, so
/// independent resources start in parallel; each is health-checked while it runs; on shutdown they stop
/// in reverse dependency order.
/// </summary>
internal sealed partial class ApplicationOrchestrator(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    ConsoleReporter reporter,
    OrchestratorContext context,
    DashboardEndpoint dashboard,
    Api.DashboardToken token,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<ApplicationOrchestrator> logger) : IHostedService
{
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthPollWhileUnhealthy = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HealthPollWhileHealthy = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, RunningResource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _lifecycles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _stopRequested = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LaunchContext> _launchContexts = new(StringComparer.Ordinal);
    private readonly KeyedGate _commandGates = new();
    private readonly SecretRedactor _redactor = new(model.Resources.OfType<ParameterResource>().Where(p => p.Secret));
    private Task _run = Task.CompletedTask;
    private Task? _stop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in model.Resources)
        {
            notifications.PublishUpdate(resource, s => s);
        }

        // Resources receive the dashboard's URL (OTLP), which is known only once the server listens.
        lifetime.ApplicationStarted.Register(() => _run = RunAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stop ??= StopAllAsync(cancellationToken);

    private async Task StopAllAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var stops = new ConcurrentDictionary<IResource, Lazy<Task>>();
        await Task.WhenAll(model.Resources.Select(r => StopInOrderAsync(r, stops, cancellationToken))).ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        reporter.ReportStopped();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        dashboard.Started(ServerUrl());
        reporter.Announce($"Dashboard: {dashboard.Url}/login?t={token.Value}");
        reporter.Announce($"State directory: {context.StateDirectory}");
        var progress = reporter.ReportProgressAsync(cancellationToken);
        AllocatePorts();
        CreateResourceDirectories();
        foreach (var resource in model.Resources)
        {
            _lifecycles[resource.Name] = SuperviseAsync(resource, cancellationToken);
        }

        await Task.WhenAll(_lifecycles.Values).ConfigureAwait(false);
        await progress.ConfigureAwait(false);
    }

    private string ServerUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The AppHost's web host reports no address.");
        return address.TrimEnd('/');
    }

    /// <summary>Owner-only, because services receive credentials in them; created up front so one resource can write into another's.</summary>
    private void CreateResourceDirectories()
    {
        foreach (var resource in model.Resources.Where(r => r is not ParameterResource))
        {
            Directory.CreateDirectory(Path.Combine(context.StateDirectory, resource.Name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private void AllocatePorts()
    {
        foreach (var endpoint in model.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()))
        {
            endpoint.AllocatedPort = endpoint.Port is null or 0 ? FreePort.Next() : endpoint.Port;
        }
    }

    private async Task SuperviseAsync(IResource resource, CancellationToken cancellationToken)
    {
        try
        {
            await RunResourceAsync(resource, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault in supervision must show on the resource (and fail its dependants), not vanish in a task.
            Fail(resource, ResourceState.FailedToStart, $"the AppHost could not supervise it: {e.Message}");
        }
    }

    private async Task RunResourceAsync(IResource resource, CancellationToken cancellationToken)
    {
        try
        {
            await WaitForDependenciesAsync(resource, cancellationToken).ConfigureAwait(false);
        }
        catch (DependencyFailedException e)
        {
            notifications.PublishUpdate(resource, s => s with { State = ResourceState.FailedToStart, Message = e.Message });
            OrchestratorLog.ResourceFailed(logger, resource.Name, ResourceState.FailedToStart, e.Message);
            return;
        }
        catch (OperationCanceledException)
        {
            notifications.PublishUpdate(resource, s => s with { State = ResourceState.NotStarted, Message = "the AppHost stopped before it could start" });
            return;
        }

        var launcher = LauncherOf(resource);
        if (launcher is null)
        {
            // Parameters, and resources served by an external instance: nothing to start, only to check.
            notifications.PublishUpdate(resource, s => s with
            {
                State = ResourceState.Running,
                StartedAt = DateTimeOffset.UtcNow,
                Message = resource is ParameterResource ? null : resource.Annotations.OfType<ExternalResourceAnnotation>().Any() ? "external instance" : null,
            });
            await MonitorHealthAsync(resource, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await LaunchAsync(resource, launcher, cancellationToken).ConfigureAwait(false) is { } run)
        {
            await WatchUntilExitAsync(resource, run, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starting → Running: returns the run, or null when it could not start (its state says why).</summary>
    private async Task<RunningResource?> LaunchAsync(IResource resource, ResourceLauncher launcher, CancellationToken cancellationToken)
    {
        // A restart begins from a clean slate: nothing of the previous run's exit or health may linger.
        notifications.PublishUpdate(resource, s => s with
        {
            State = ResourceState.Starting,
            Message = null,
            ExitCode = null,
            ProcessId = null,
            HealthStatus = null,
            HealthReports = [],
            StoppedAt = null,
        });
        RunningResource run;
        try
        {
            var launchContext = await LaunchContextForAsync(resource, cancellationToken).ConfigureAwait(false);
            run = await launcher.LaunchAsync(launchContext, cancellationToken).ConfigureAwait(false);
        }
        catch (MissingBinaryException e)
        {
            Fail(resource, ResourceState.RuntimeUnhealthy, e.Message);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            notifications.PublishUpdate(resource, s => s with { State = ResourceState.Exited, Message = "the AppHost stopped while it was starting" });
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Npgsql.NpgsqlException or UnauthorizedAccessException)
        {
            Fail(resource, ResourceState.FailedToStart, e.Message);
            return null;
        }

        _running[resource.Name] = run;
        if (cancellationToken.IsCancellationRequested)
        {
            // Launchers need not observe cancellation; a stop that began while this one launched may have
            // looked for the run before it was recorded, and would otherwise leave it running unwatched.
            await run.StopAsync(CancellationToken.None).ConfigureAwait(false);
            var exitCode = await run.Completion.ConfigureAwait(false);
            notifications.PublishUpdate(resource, s => s with { State = ResourceState.Exited, ExitCode = exitCode, Message = "the AppHost stopped while it was starting" });
            return null;
        }

        notifications.PublishUpdate(resource, s => s with
        {
            State = ResourceState.Running,
            ProcessId = run.ProcessId,
            StartedAt = DateTimeOffset.UtcNow,
            Urls = [.. resource.Annotations.OfType<EndpointAnnotation>().Select(e => new UrlSnapshot(e.Name, e.Url))],
        });
        return run;
    }

    /// <summary>
    /// The launch context of the first start, kept so that a restart gets the very same environment,
    /// arguments and directory (ports are allocated once per run).
    /// </summary>
    private async Task<LaunchContext> LaunchContextForAsync(IResource resource, CancellationToken cancellationToken)
    {
        if (_launchContexts.TryGetValue(resource.Name, out var existing))
        {
            return existing;
        }

        var environment = await ResolveEnvironmentAsync(resource, cancellationToken).ConfigureAwait(false);
        var arguments = await ResolveArgumentsAsync(resource, cancellationToken).ConfigureAwait(false);
        notifications.PublishUpdate(resource, s => s with { Environment = [.. environment.Select(e => new EnvironmentVariableSnapshot(e.Name, e.Value, e.IsSecret))] });
        var launchContext = new LaunchContext(
            resource,
            environment.ToDictionary(e => e.Name, e => e.Value),
            arguments,
            Path.Combine(context.StateDirectory, resource.Name),
            context.Ledger,
            context.Installer,
            line => Capture(resource, line));
        return _launchContexts.GetOrAdd(resource.Name, launchContext);
    }

    /// <summary>Health-checks the run until it ends, then records whether the AppHost stopped it or it ended on its own.</summary>
    private async Task WatchUntilExitAsync(IResource resource, RunningResource run, CancellationToken cancellationToken)
    {
        using var health = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var monitor = MonitorHealthAsync(resource, health.Token);
        var exitCode = await run.Completion.ConfigureAwait(false);
        await health.CancelAsync().ConfigureAwait(false);
        await monitor.ConfigureAwait(false);

        var stoppedByUs = _stopRequested.ContainsKey(resource.Name);
        notifications.PublishUpdate(resource, s => s with
        {
            State = stoppedByUs ? ResourceState.Exited : ResourceState.Finished,
            ExitCode = exitCode,
            HealthStatus = null,
            StoppedAt = DateTimeOffset.UtcNow,
        });
        if (!stoppedByUs && exitCode != 0)
        {
            OrchestratorLog.ResourceFailed(logger, resource.Name, ResourceState.Finished, string.Create(CultureInfo.InvariantCulture, $"exited with code {exitCode}"));
        }
    }

    /// <summary>What starts the resource; null for parameters and resources served by an external instance.</summary>
    private static ResourceLauncher? LauncherOf(IResource resource) =>
        resource.Annotations.OfType<ExternalResourceAnnotation>().Any() ? null : resource.Annotations.OfType<LauncherAnnotation>().LastOrDefault()?.Launcher;

    private void Fail(IResource resource, ResourceState state, string message)
    {
        notifications.PublishUpdate(resource, s => s with { State = state, Message = message, StoppedAt = DateTimeOffset.UtcNow });
        OrchestratorLog.ResourceFailed(logger, resource.Name, state, message);
    }

    private void Capture(IResource resource, ConsoleLogLine line)
    {
        line = _redactor.Redact(line);
        logs.Add(resource.Name, line);
        reporter.Echo(resource.Name, line);
    }

    private async Task WaitForDependenciesAsync(IResource resource, CancellationToken cancellationToken)
    {
        var waits = resource.Annotations.OfType<WaitAnnotation>().ToList();
        if (resource is IResourceWithParent child)
        {
            waits.Insert(0, new WaitAnnotation(child.Parent, WaitBehavior.UntilHealthy));
        }

        if (waits.Count == 0)
        {
            return;
        }

        notifications.PublishUpdate(resource, s => s with { State = ResourceState.Waiting });
        await Task.WhenAll(waits.Select(wait => WaitForAsync(wait, cancellationToken))).ConfigureAwait(false);
    }

    private async Task WaitForAsync(WaitAnnotation wait, CancellationToken cancellationToken)
    {
        var name = wait.Resource.Name;
        if (wait.Behavior == WaitBehavior.UntilHealthy)
        {
            var reached = await notifications.WaitForResourceAsync(name, e => e.Snapshot.IsHealthy || e.Snapshot.State.IsTerminal(), cancellationToken).ConfigureAwait(false);
            if (!reached.Snapshot.IsHealthy)
            {
                throw new DependencyFailedException($"dependency '{name}' failed: it is {ResourceTypes.Describe(reached.Snapshot)}");
            }
        }
        else
        {
            var reached = await notifications.WaitForResourceAsync(name, e => e.Snapshot.State.IsTerminal(), cancellationToken).ConfigureAwait(false);
            if (reached.Snapshot.State != ResourceState.Finished || reached.Snapshot.ExitCode != wait.ExpectedExitCode)
            {
                throw new DependencyFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"dependency '{name}' did not complete with exit code {wait.ExpectedExitCode}: it is {ResourceTypes.Describe(reached.Snapshot)}"));
            }
        }
    }

    private async Task MonitorHealthAsync(IResource resource, CancellationToken cancellationToken)
    {
        var checks = resource.Annotations.OfType<HealthCheckAnnotation>().ToList();
        if (checks.Count == 0)
        {
            notifications.PublishUpdate(resource, s => s with { HealthStatus = HealthStatus.Healthy });
            return;
        }

        try
        {
            while (true)
            {
                var reports = await Task.WhenAll(checks.Select(check => RunCheckAsync(check, cancellationToken))).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                var status = reports.Min(r => r.Status);
                notifications.PublishUpdate(resource, s => s.State == ResourceState.Running ? s with { HealthStatus = status, HealthReports = reports } : s);
                await Task.Delay(status == HealthStatus.Healthy ? HealthPollWhileHealthy : HealthPollWhileUnhealthy, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The resource stopped, or the AppHost is stopping.
        }
    }

    private static async Task<HealthReportSnapshot> RunCheckAsync(HealthCheckAnnotation check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthCheckTimeout);
        try
        {
            var result = await check.CheckAsync(timeout.Token).ConfigureAwait(false);
            return new HealthReportSnapshot(check.Name, result.Status, result.Description);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthReportSnapshot(check.Name, HealthStatus.Unhealthy, $"no answer within {HealthCheckTimeout.TotalSeconds:0}s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            // Connection refused and friends: expected while a resource starts. Messages name hosts and ports, never credentials.
            return new HealthReportSnapshot(check.Name, HealthStatus.Unhealthy, e.Message);
        }
    }

    private async Task<List<(string Name, string Value, bool IsSecret)>> ResolveEnvironmentAsync(IResource resource, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, (string Value, bool IsSecret)>(StringComparer.Ordinal);
        foreach (var (name, value) in ImplicitEnvironment.For(resource, context.RunId, dashboard.Url))
        {
            variables[name] = (value, false);
        }

        foreach (var annotation in resource.Annotations.OfType<EnvironmentAnnotation>())
        {
            variables[annotation.Name] = (await annotation.Value.GetValueAsync(cancellationToken).ConfigureAwait(false), annotation.Value.IsSecret);
        }

        return [.. variables.Select(v => (v.Key, v.Value.Value, v.Value.IsSecret))];
    }

    private static async Task<List<string>> ResolveArgumentsAsync(IResource resource, CancellationToken cancellationToken)
    {
        var arguments = new List<string>();
        foreach (var value in resource.Annotations.OfType<ArgumentsAnnotation>().SelectMany(a => a.Arguments))
        {
            arguments.Add(await value.GetValueAsync(cancellationToken).ConfigureAwait(false));
        }

        return arguments;
    }

    /// <summary>Stops the resource after everything that depends on it has stopped.</summary>
    private Task StopInOrderAsync(IResource resource, ConcurrentDictionary<IResource, Lazy<Task>> stops, CancellationToken cancellationToken) =>
        stops.GetOrAdd(resource, r => new Lazy<Task>(async () =>
        {
            await Task.WhenAll(model.DependantsOf(r).Select(d => StopInOrderAsync(d, stops, cancellationToken))).ConfigureAwait(false);
            await StopOneAsync(r, cancellationToken).ConfigureAwait(false);
        })).Value;

    private async Task StopOneAsync(IResource resource, CancellationToken cancellationToken)
    {
        // Serialized with StartResourceAsync, so a restart under way is either seen here and stopped, or refused.
        using var gate = await _commandGates.EnterAsync(resource.Name, cancellationToken).ConfigureAwait(false);
        await StopRunAsync(resource, cancellationToken).ConfigureAwait(false);
        if (!_running.ContainsKey(resource.Name) && notifications.TryGetCurrent(resource.Name, out var current) && current.Snapshot.State == ResourceState.Running)
        {
            // Nothing ran (parameter, external instance): it simply is no longer in use.
            notifications.PublishUpdate(resource, s => s with { State = ResourceState.Exited, HealthStatus = null, StoppedAt = DateTimeOffset.UtcNow });
        }
    }

    /// <summary>Marks the stop as the AppHost's (so it is Exited, not Finished), stops the process and waits for its lifecycle to record it.</summary>
    private async Task StopRunAsync(IResource resource, CancellationToken cancellationToken)
    {
        _stopRequested[resource.Name] = true;
        if (_running.TryGetValue(resource.Name, out var run) && !run.Completion.IsCompleted)
        {
            notifications.PublishUpdate(resource, s => s with { State = ResourceState.Stopping });
            await run.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_lifecycles.TryGetValue(resource.Name, out var lifecycle))
        {
            await lifecycle.ConfigureAwait(false);
        }
    }

    private sealed class DependencyFailedException(string message) : Exception(message);
}
