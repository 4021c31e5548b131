using VaultDemo.Orchestrator.Telemetry.Otlp;

namespace VaultDemo.Orchestrator.Telemetry.Traces;

/// <summary>
/// A span kept as received, with who sent it. Ingestion stores the parsed message and nothing more;
/// the conversion to <see cref="SpanRecord"/> happens when someone looks, which is rare next to exporting.
/// </summary>
internal readonly record struct StoredSpan(TelemetryResource Resource, string Scope, Span Span)
{
    public SpanRecord ToRecord() => new(
        OtlpConversion.ToHexId(Span.TraceId) ?? "",
        OtlpConversion.ToHexId(Span.SpanId) ?? "",
        OtlpConversion.ToHexId(Span.ParentSpanId),
        Span.Name,
        (SpanKind)Span.Kind,
        Resource.Name,
        Scope,
        OtlpConversion.ToTimestamp(Span.StartTimeUnixNano),
        OtlpConversion.ToTimestamp(Span.EndTimeUnixNano),
        (SpanStatus)(Span.Status?.Code ?? Status.Types.StatusCode.Unset),
        string.IsNullOrEmpty(Span.Status?.Message) ? null : Span.Status.Message,
        OtlpConversion.ToAttributes(Span.Attributes),
        Span.Events.Count == 0 ? [] : Span.Events.Select(e => new SpanEvent(OtlpConversion.ToTimestamp(e.TimeUnixNano), e.Name, OtlpConversion.ToAttributes(e.Attributes))).ToList(),
        Span.Links.Count == 0 ? [] : Span.Links.Select(l => new SpanLink(OtlpConversion.ToHexId(l.TraceId) ?? "", OtlpConversion.ToHexId(l.SpanId) ?? "")).ToList());

    public bool IsError => Span.Status?.Code == Status.Types.StatusCode.Error;
}
