using Google.Protobuf;
using Microsoft.Extensions.Options;
using VaultDemo.Orchestrator.Telemetry.Otlp;

namespace VaultDemo.Orchestrator.Telemetry.Traces;

/// <summary>
/// The most recent <see cref="TelemetryLimits.MaxTraces"/> traces, keyed by trace id. A trace is as
/// old as its first span to arrive; when the store is full that oldest trace is evicted whole.
/// </summary>
public sealed class TraceStore
{
    private const int TraceIdBytes = 16;

    private readonly Lock _gate = new();
    private readonly Dictionary<ByteString, TraceRecord> _traces = new();
    private readonly Queue<TraceRecord> _arrivalOrder = new();
    private readonly int _maxTraces;
    private readonly int _maxSpansPerTrace;
    private long _spansReceived;

    public TraceStore(IOptions<TelemetryLimits> limits)
    {
        _maxTraces = limits.Value.MaxTraces;
        _maxSpansPerTrace = limits.Value.MaxSpansPerTrace;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _traces.Count;
            }
        }
    }

    public long EvictedTraces { get; private set; }

    /// <summary>Every span accepted since start, evicted ones included: the rate the topology exports at.</summary>
    public long SpansReceived
    {
        get
        {
            lock (_gate)
            {
                return _spansReceived;
            }
        }
    }

    internal int Add(ExportTraceServiceRequest request)
    {
        var accepted = 0;
        lock (_gate)
        {
            foreach (var resourceSpans in request.ResourceSpans)
            {
                var resource = OtlpConversion.ToResource(resourceSpans.Resource);
                foreach (var scopeSpans in resourceSpans.ScopeSpans)
                {
                    var scope = scopeSpans.Scope?.Name ?? "";
                    foreach (var span in scopeSpans.Spans)
                    {
                        if (span.TraceId.Length != TraceIdBytes || span.SpanId.IsEmpty)
                        {
                            continue;
                        }

                        GetOrStart(span.TraceId).Add(new StoredSpan(resource, scope, span), _maxSpansPerTrace);
                        accepted++;
                    }
                }
            }

            _spansReceived += accepted;
        }

        return accepted;
    }

    public IReadOnlyList<TraceSummary> Query(TraceQuery query)
    {
        lock (_gate)
        {
            return _traces.Values.Where(query.Matches)
                .Select(t => t.ToSummary())
                .OrderByDescending(t => t.Start)
                .Take(query.Limit)
                .ToList();
        }
    }

    public TraceDetail? Find(string traceId)
    {
        lock (_gate)
        {
            return TryParseTraceId(traceId, out var id) && _traces.TryGetValue(id, out var trace) && trace.Spans.Count > 0 ? trace.ToDetail() : null;
        }
    }

    public IReadOnlyList<string> Resources()
    {
        lock (_gate)
        {
            return _traces.Values.SelectMany(t => t.Spans).Select(s => s.Resource.Name)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
    }

    private static bool TryParseTraceId(string hex, out ByteString traceId)
    {
        traceId = ByteString.Empty;
        if (hex.Length != TraceIdBytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        traceId = ByteString.CopyFrom(Convert.FromHexString(hex));
        return true;
    }

    private TraceRecord GetOrStart(ByteString traceId)
    {
        if (_traces.TryGetValue(traceId, out var existing))
        {
            return existing;
        }

        if (_traces.Count == _maxTraces)
        {
            _traces.Remove(_arrivalOrder.Dequeue().TraceId);
            EvictedTraces++;
        }

        var trace = new TraceRecord(traceId);
        _traces.Add(traceId, trace);
        _arrivalOrder.Enqueue(trace);
        return trace;
    }

}
