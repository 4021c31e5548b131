using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>
/// Aspire's resource commands "stop" and "start": one resource goes down and comes back while everything
/// else keeps running, so tests can show how services live through an outage of what they depend on.
/// </summary>
internal sealed partial class ApplicationOrchestrator
{
    /// <summary>
    /// Stops the resource's process (stop signal, grace period, then the tree is killed) and returns once it
    /// is <see cref="ResourceState.Exited"/>. Resources that depend on it keep running: they see it go away.
    /// </summary>
    /// <exception cref="ArgumentException">No resource has that name.</exception>
    /// <exception cref="InvalidOperationException">It is not running (already stopped, finished, not started yet), or has no process of its own.</exception>
    public async Task StopResourceAsync(string resourceName, CancellationToken cancellationToken)
    {
        var resource = RunnableResource(resourceName);
        using var gate = await _commandGates.EnterAsync(resourceName, cancellationToken).ConfigureAwait(false);
        if (!_running.TryGetValue(resourceName, out var run) || run.Completion.IsCompleted)
        {
            throw new InvalidOperationException($"Resource '{resourceName}' cannot be stopped: it is not running (it is {CurrentState(resourceName)}).");
        }

        await StopRunAsync(resource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a stopped (or finished, or failed) resource again, with the environment, arguments, ports and
    /// state directory of its first start, and returns once it is <see cref="ResourceState.Running"/>;
    /// health checks follow as at the first start. Dependencies are not waited for: they are already up, or
    /// the resource's own startup reports them missing.
    /// </summary>
    /// <exception cref="ArgumentException">No resource has that name.</exception>
    /// <exception cref="InvalidOperationException">It is not stopped (still waiting, starting, running or stopping), the application is not running, or it failed to start (the message says why).</exception>
    public async Task StartResourceAsync(string resourceName, CancellationToken cancellationToken)
    {
        var resource = RunnableResource(resourceName);
        var launcher = LauncherOf(resource)!;
        using var gate = await _commandGates.EnterAsync(resourceName, cancellationToken).ConfigureAwait(false);
        await EnsureCanStartAsync(resourceName).ConfigureAwait(false);
        _stopRequested.TryRemove(resourceName, out _);
        _running.TryRemove(resourceName, out _);

        using var launch = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, cancellationToken);
        var run = await LaunchAsync(resource, launcher, launch.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (run is null)
        {
            throw new InvalidOperationException($"Resource '{resourceName}' did not start: it is {CurrentState(resourceName)}.");
        }

        _lifecycles[resourceName] = SuperviseRunAsync(resource, run, _stopping.Token);
    }

    /// <exception cref="ArgumentException">No such resource.</exception>
    /// <exception cref="InvalidOperationException">It has no process the AppHost runs.</exception>
    private IResource RunnableResource(string resourceName)
    {
        var resource = model.Find(resourceName) ?? throw new ArgumentException($"No resource named '{resourceName}'.", nameof(resourceName));
        return LauncherOf(resource) is null
            ? throw new InvalidOperationException($"Resource '{resourceName}' has nothing the AppHost runs (a parameter, or an external instance): it cannot be stopped or started.")
            : resource;
    }

    private async Task EnsureCanStartAsync(string resourceName)
    {
        if (_stopping.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Resource '{resourceName}' cannot be started: the application is stopping.");
        }

        var stopped = notifications.TryGetCurrent(resourceName, out var current) && current.Snapshot.State.IsTerminal();
        if (!stopped || !_lifecycles.TryGetValue(resourceName, out var lifecycle))
        {
            throw new InvalidOperationException($"Resource '{resourceName}' cannot be started: it is {CurrentState(resourceName)}; only a stopped, finished or failed resource can be.");
        }

        // The lifecycle publishes the terminal state as its last step; a caller who saw that state may be a moment ahead of it.
        await lifecycle.ConfigureAwait(false);
    }

    private string CurrentState(string resourceName) =>
        notifications.TryGetCurrent(resourceName, out var current) ? ResourceTypes.Describe(current.Snapshot) : ResourceState.NotStarted.ToString();

    private async Task SuperviseRunAsync(IResource resource, RunningResource run, CancellationToken cancellationToken)
    {
        try
        {
            await WatchUntilExitAsync(resource, run, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // As at the first start: a fault in supervision must show on the resource, not vanish in a task.
            Fail(resource, ResourceState.FailedToStart, $"the AppHost could not supervise it: {e.Message}");
        }
    }
}
