using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>Starts one kind of resource and returns once it is running (a server: once it accepts work).</summary>
public abstract class ResourceLauncher
{
    /// <exception cref="MissingBinaryException">A program it needs is missing and cannot be installed.</exception>
    public abstract Task<RunningResource> LaunchAsync(LaunchContext context, CancellationToken cancellationToken);
}

/// <summary>Everything a launcher gets: the resolved environment and arguments, a directory, the output sink.</summary>
public sealed record LaunchContext(
    IResource Resource,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Arguments,
    string StateDirectory,
    ProcessLedger Ledger,
    PackageInstaller Installer,
    Action<ConsoleLogLine> Output);

/// <summary>A started resource: its exit, and how to stop it.</summary>
public abstract class RunningResource
{
    public abstract int? ProcessId { get; }

    /// <summary>Completes with the exit code when the resource ends, whether on its own or because it was stopped.</summary>
    public abstract Task<int> Completion { get; }

    /// <summary>Stops it cleanly if it can within the grace period, else kills it; nothing of it is left running.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);
}
