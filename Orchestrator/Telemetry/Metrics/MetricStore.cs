using Google.Protobuf.Collections;
using Microsoft.Extensions.Options;
using VaultDemo.Orchestrator.Telemetry.Otlp;

namespace VaultDemo.Orchestrator.Telemetry.Metrics;

/// <summary>
/// Instruments per resource with at most <see cref="TelemetryLimits.MaxMetricPoints"/> points in all.
/// When full, the oldest point overall is evicted; an instrument keeps its name even with no points left.
/// </summary>
public sealed class MetricStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Resource, string Scope, string Name), MetricInstrument> _instruments = new();

    // One entry per stored point, in arrival order, naming the instrument that holds it: the head is
    // always the instrument holding the oldest point, so eviction is O(1).
    private readonly Queue<MetricInstrument> _pointOrder = new();
    private readonly int _capacity;

    public MetricStore(IOptions<TelemetryLimits> limits)
    {
        _capacity = limits.Value.MaxMetricPoints;
    }

    public int PointCount
    {
        get
        {
            lock (_gate)
            {
                return _pointOrder.Count;
            }
        }
    }

    public long EvictedPoints { get; private set; }

    internal int Add(ExportMetricsServiceRequest request)
    {
        var accepted = 0;
        lock (_gate)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var resource = OtlpConversion.ToResource(resourceMetrics.Resource).Name;
                foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
                {
                    var scope = scopeMetrics.Scope?.Name ?? "";
                    foreach (var metric in scopeMetrics.Metrics)
                    {
                        accepted += AddMetric(resource, scope, metric);
                    }
                }
            }
        }

        return accepted;
    }

    /// <summary>Instruments, optionally of one resource; points only when <paramref name="name"/> selects one instrument.</summary>
    public IReadOnlyList<MetricInstrumentView> Query(string? resource = null, string? name = null)
    {
        lock (_gate)
        {
            return _instruments.Values
                .Where(i => resource is null || string.Equals(i.Resource, resource, StringComparison.Ordinal))
                .Where(i => name is null || string.Equals(i.Name, name, StringComparison.Ordinal))
                .OrderBy(i => i.Resource, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
                .Select(i => i.ToView(includePoints: name is not null))
                .ToList();
        }
    }

    private int AddMetric(string resource, string scope, Metric metric)
    {
        var key = (resource, scope, metric.Name);
        if (!_instruments.TryGetValue(key, out var instrument))
        {
            instrument = new MetricInstrument(resource, scope, metric.Name);
            _instruments.Add(key, instrument);
        }

        instrument.Description = metric.Description;
        instrument.Unit = metric.Unit;
        var points = ToPoints(metric, out var kind).ToList();
        instrument.Kind = kind;
        foreach (var point in points)
        {
            Append(instrument, point);
        }

        return points.Count;
    }

    private void Append(MetricInstrument instrument, MetricPoint point)
    {
        if (_pointOrder.Count == _capacity)
        {
            _pointOrder.Dequeue().Points.Dequeue();
            EvictedPoints++;
        }

        instrument.Points.Enqueue(point);
        _pointOrder.Enqueue(instrument);
    }

    private static IEnumerable<MetricPoint> ToPoints(Metric metric, out MetricKind kind)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                kind = MetricKind.Gauge;
                return metric.Gauge.DataPoints.Select(ToPoint);
            case Metric.DataOneofCase.Sum:
                kind = MetricKind.Sum;
                return metric.Sum.DataPoints.Select(ToPoint);
            case Metric.DataOneofCase.Histogram:
                kind = MetricKind.Histogram;
                return metric.Histogram.DataPoints.Select(p => new MetricPoint(
                    OtlpConversion.ToTimestamp(p.TimeUnixNano), Series(p.Attributes), null, p.Count,
                    p.HasSum ? p.Sum : null, p.HasMin ? p.Min : null, p.HasMax ? p.Max : null,
                    p.ExplicitBounds.ToArray(), p.BucketCounts.ToArray()));
            case Metric.DataOneofCase.ExponentialHistogram:
                kind = MetricKind.ExponentialHistogram;
                return metric.ExponentialHistogram.DataPoints.Select(p => new MetricPoint(
                    OtlpConversion.ToTimestamp(p.TimeUnixNano), Series(p.Attributes), null, p.Count,
                    p.HasSum ? p.Sum : null, p.HasMin ? p.Min : null, p.HasMax ? p.Max : null));
            case Metric.DataOneofCase.Summary:
                kind = MetricKind.Summary;
                return metric.Summary.DataPoints.Select(p => new MetricPoint(
                    OtlpConversion.ToTimestamp(p.TimeUnixNano), Series(p.Attributes), null, p.Count, p.Sum));
            default:
                kind = MetricKind.Gauge;
                return [];
        }
    }

    private static MetricPoint ToPoint(NumberDataPoint point) => new(
        OtlpConversion.ToTimestamp(point.TimeUnixNano),
        Series(point.Attributes),
        point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble);

    /// <summary>A stable name for an attribute set ("method=GET, route=/health"), sorted so order never splits a series.</summary>
    private static string Series(RepeatedField<KeyValue> attributes) =>
        string.Join(", ", attributes.Select(a => $"{a.Key}={OtlpConversion.ToText(a.Value)}").Order(StringComparer.Ordinal));
}
