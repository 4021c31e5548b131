using VaultDemo.Orchestrator.Installation;

namespace VaultDemo.Orchestrator.Tests;

/// <summary>Stands in for apt-get: records the commands and answers with scripted results.</summary>
internal sealed class RecordingCommandRunner(Func<string, IReadOnlyList<string>, CommandResult>? respond = null) : ICommandRunner
{
    public List<string> Commands { get; } = [];

    public Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken = default)
    {
        Commands.Add($"{fileName} {string.Join(' ', arguments)}");
        return Task.FromResult(respond?.Invoke(fileName, arguments) ?? new CommandResult(0, ""));
    }
}
