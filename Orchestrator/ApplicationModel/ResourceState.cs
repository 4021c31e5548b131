namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>The lifecycle states of a resource, named as Aspire names them.</summary>
public enum ResourceState
{
    /// <summary>Not started yet (nothing has been tried).</summary>
    NotStarted,

    /// <summary>Waiting for the resources it <c>WaitFor</c>s or <c>WaitForCompletion</c>s.</summary>
    Waiting,

    /// <summary>Its process is starting, or it is installing what it needs.</summary>
    Starting,

    /// <summary>Its process is up. Health is reported separately.</summary>
    Running,

    /// <summary>What it needs to run (a program, a package) is missing and could not be provided.</summary>
    RuntimeUnhealthy,

    /// <summary>The AppHost is stopping it.</summary>
    Stopping,

    /// <summary>Stopped by the AppHost.</summary>
    Exited,

    /// <summary>Its process ended on its own; the exit code says how.</summary>
    Finished,

    /// <summary>It could not be started: a dependency failed, or its process failed before it was ready.</summary>
    FailedToStart,
}

public static class ResourceStateExtensions
{
    /// <summary>True for states a resource does not leave without a restart.</summary>
    public static bool IsTerminal(this ResourceState state) =>
        state is ResourceState.Exited or ResourceState.Finished or ResourceState.FailedToStart or ResourceState.RuntimeUnhealthy;
}
