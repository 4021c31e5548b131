using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>Runs a resource as one supervised child process: <paramref name="command"/> followed by the resource's arguments.</summary>
public sealed class ProcessLauncher(Func<ProcessCommand> command) : ResourceLauncher
{
    /// <summary>How long a process gets to stop after SIGTERM before its tree is killed.</summary>
    public static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    public override Task<RunningResource> LaunchAsync(LaunchContext context, CancellationToken cancellationToken)
    {
        var resolved = command();
        var process = SupervisedProcess.Start(
            new ProcessSpec(resolved.FileName, [.. resolved.Arguments, .. context.Arguments])
            {
                Environment = context.Environment.ToDictionary(e => e.Key, e => (string?)e.Value),
                WorkingDirectory = resolved.WorkingDirectory,
                DisplayName = context.Resource.Name,
                Ledger = context.Ledger,
            },
            context.Output);
        return Task.FromResult<RunningResource>(new ProcessRun(process));
    }

    private sealed class ProcessRun(SupervisedProcess process) : RunningResource
    {
        public override int? ProcessId => process.Id;

        public override Task<int> Completion => process.Exited;

        public override Task StopAsync(CancellationToken cancellationToken) => process.StopAsync(StopGracePeriod, cancellationToken);
    }
}

/// <summary>The program that runs a resource, the arguments that come before the resource's own, and where.</summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory);
