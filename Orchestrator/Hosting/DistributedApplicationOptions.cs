namespace VaultDemo.Orchestrator.Hosting;

/// <summary>How the AppHost itself runs; the testing builder changes these for isolation.</summary>
public sealed record DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>Where runs keep their state; a run gets a subdirectory. Null: <c>AppHost:StateDirectory</c>, else the system temp directory.</summary>
    public string? StateRoot { get; init; }

    /// <summary>Echo every resource's output to the console with a coloured prefix (off in tests: it stays in the log buffers).</summary>
    public bool EchoResourceOutput { get; init; } = true;

    /// <summary>Print progress and the final summary to the console.</summary>
    public bool ReportProgress { get; init; } = true;

    /// <summary>Overrides <c>Dashboard:Port</c> (the testing builder uses 0: any free port).</summary>
    public int? DashboardPort { get; init; }

    /// <summary>Deletes the run's state directory when the application is disposed (tests); otherwise it is kept until the next start.</summary>
    public bool DeleteStateOnDispose { get; init; }
}
