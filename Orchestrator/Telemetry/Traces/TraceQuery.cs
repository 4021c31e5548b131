namespace VaultDemo.Orchestrator.Telemetry.Traces;

/// <summary>A filter over the trace list; null criteria match everything.</summary>
public sealed record TraceQuery(string? Resource = null, string? Search = null, bool ErrorsOnly = false, int Limit = 200)
{
    internal bool Matches(TraceRecord trace) =>
        trace.Spans.Count > 0
        && (Resource is null || trace.Spans.Any(s => string.Equals(s.Resource.Name, Resource, StringComparison.Ordinal)))
        && (!ErrorsOnly || trace.Spans.Any(s => s.IsError))
        && (string.IsNullOrEmpty(Search) || MatchesText(trace, Search));

    private static bool MatchesText(TraceRecord trace, string text) =>
        OtlpConversion.ToHexId(trace.TraceId)!.Contains(text, StringComparison.OrdinalIgnoreCase)
        || trace.Spans.Any(s => s.Span.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
            || s.Span.Attributes.Any(a => OtlpConversion.ToText(a.Value).Contains(text, StringComparison.OrdinalIgnoreCase)));
}
