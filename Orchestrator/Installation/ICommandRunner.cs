namespace VaultDemo.Orchestrator.Installation;

/// <summary>Runs a command to completion; the seam that lets the install path be tested without apt.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken = default);
}

public sealed record CommandResult(int ExitCode, string Output);
