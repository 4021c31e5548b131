using Google.Protobuf;

namespace VaultDemo.Orchestrator.Telemetry.Traces;

/// <summary>A trace and its spans so far. Spans arrive in any order and from many exporters.</summary>
internal sealed class TraceRecord(ByteString traceId)
{
    private readonly List<StoredSpan> _spans = [];

    public ByteString TraceId { get; } = traceId;

    /// <summary>Spans refused because the trace reached <see cref="TelemetryLimits.MaxSpansPerTrace"/>.</summary>
    public int DroppedSpans { get; private set; }

    public IReadOnlyList<StoredSpan> Spans => _spans;

    public void Add(StoredSpan span, int maxSpans)
    {
        if (_spans.Count >= maxSpans)
        {
            DroppedSpans++;
            return;
        }

        _spans.Add(span);
    }

    /// <summary>A consistent copy; the caller holds the store's lock.</summary>
    public TraceDetail ToDetail() => new(ToSummary(), _spans.Select(s => s.ToRecord()).OrderBy(s => s.Start).ToList());

    public TraceSummary ToSummary()
    {
        var spanIds = _spans.Select(s => s.Span.SpanId).ToHashSet();
        var root = _spans.Where(s => s.Span.ParentSpanId.IsEmpty || !spanIds.Contains(s.Span.ParentSpanId))
            .OrderBy(s => s.Span.StartTimeUnixNano).FirstOrDefault();
        var start = _spans.Min(s => s.Span.StartTimeUnixNano);
        var end = _spans.Max(s => s.Span.EndTimeUnixNano);
        return new TraceSummary(
            OtlpConversion.ToHexId(TraceId)!,
            root.Span is null ? "" : $"{root.Resource.Name}: {root.Span.Name}",
            OtlpConversion.ToTimestamp(start),
            end > start ? TimeSpan.FromTicks((long)((end - start) / 100)) : TimeSpan.Zero,
            _spans.Count,
            _spans.Select(s => s.Resource.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            _spans.Any(s => s.IsError),
            DroppedSpans);
    }
}

/// <summary>A row of the trace list.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootName,
    DateTimeOffset Start,
    TimeSpan Duration,
    int SpanCount,
    IReadOnlyList<string> Resources,
    bool HasError,
    int DroppedSpans)
{
    public double DurationMilliseconds => Duration.TotalMilliseconds;
}

/// <summary>A whole trace, spans ordered by start time.</summary>
public sealed record TraceDetail(TraceSummary Summary, IReadOnlyList<SpanRecord> Spans);
