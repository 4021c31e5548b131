using VaultDemo.Orchestrator.Telemetry.Traces;

namespace VaultDemo.Orchestrator.Dashboard.Traces;

/// <summary>
/// A trace's spans in waterfall order: depth-first from the roots, children by start time. A span
/// whose parent never arrived (its exporter was late or evicted) is shown as a root, not lost.
/// </summary>
internal static class SpanTree
{
    public sealed record Row(SpanRecord Span, int Depth, string? PairedResource);

    public static IReadOnlyList<Row> Flatten(IReadOnlyList<SpanRecord> spans)
    {
        var byId = spans.ToDictionary(s => s.SpanId, StringComparer.Ordinal);
        var children = spans.Where(s => s.ParentSpanId is not null && byId.ContainsKey(s.ParentSpanId))
            .ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
        var rows = new List<Row>(spans.Count);

        void Visit(SpanRecord span, int depth)
        {
            rows.Add(new Row(span, depth, PairedResource(span, children[span.SpanId])));
            foreach (var child in children[span.SpanId].OrderBy(c => c.Start))
            {
                Visit(child, depth + 1);
            }
        }

        foreach (var root in spans.Where(s => s.ParentSpanId is null || !byId.ContainsKey(s.ParentSpanId)).OrderBy(s => s.Start))
        {
            Visit(root, 0);
        }

        return rows;
    }

    /// <summary>
    /// The resource that served a client (or producer) span: the child span of kind server (or
    /// consumer) that another resource emitted while continuing this span's context.
    /// </summary>
    private static string? PairedResource(SpanRecord span, IEnumerable<SpanRecord> children) => span.Kind switch
    {
        SpanKind.Client => children.FirstOrDefault(c => c.Kind == SpanKind.Server && c.Resource != span.Resource)?.Resource,
        SpanKind.Producer => children.FirstOrDefault(c => c.Kind == SpanKind.Consumer && c.Resource != span.Resource)?.Resource,
        _ => null,
    };
}
