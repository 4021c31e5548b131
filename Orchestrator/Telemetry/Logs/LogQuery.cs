namespace VaultDemo.Orchestrator.Telemetry.Logs;

/// <summary>A filter over the log store; every criterion left null matches everything.</summary>
public sealed record LogQuery(
    string? Resource = null,
    LogSeverity? MinimumSeverity = null,
    string? Search = null,
    string? TraceId = null,
    int Limit = 500)
{
    public bool Matches(LogEntry entry) =>
        (Resource is null || string.Equals(entry.Resource, Resource, StringComparison.Ordinal))
        && (MinimumSeverity is null || entry.Severity >= MinimumSeverity)
        && (TraceId is null || string.Equals(entry.TraceId, TraceId, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(Search) || Contains(entry, Search));

    private static bool Contains(LogEntry entry, string text) =>
        entry.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
        || entry.Category.Contains(text, StringComparison.OrdinalIgnoreCase)
        || entry.Attributes.Any(a => a.Key.Contains(text, StringComparison.OrdinalIgnoreCase)
            || a.Value.Contains(text, StringComparison.OrdinalIgnoreCase));
}
