namespace VaultDemo.Orchestrator.Processes;

/// <summary>One line a process wrote to stdout or stderr, as captured by the supervisor.</summary>
public sealed record ConsoleLogLine(DateTimeOffset Timestamp, string Text, bool IsError);
