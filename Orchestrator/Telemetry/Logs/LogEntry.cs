namespace VaultDemo.Orchestrator.Telemetry.Logs;

/// <summary>One structured log record as the dashboard shows it.</summary>
public sealed record LogEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Resource,
    LogSeverity Severity,
    string Category,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    string? TraceId,
    string? SpanId);
