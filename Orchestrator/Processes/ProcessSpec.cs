namespace VaultDemo.Orchestrator.Processes;

/// <summary>What to run: the program, its arguments, its environment additions and where.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables added to (or, when null, removed from) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? WorkingDirectory { get; init; }

    /// <summary>Where the PID is recorded so that a later run can clean it up if this one is killed.</summary>
    public ProcessLedger? Ledger { get; init; }

    /// <summary>A name for the ledger and for error messages.</summary>
    public string DisplayName { get; init; } = "";

    /// <summary>The signal that asks the program to stop cleanly (PostgreSQL wants SIGINT for a fast shutdown).</summary>
    public int StopSignal { get; init; } = UnixProcess.SigTerm;
}
