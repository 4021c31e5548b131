using System.Net.Http.Headers;
using Google.Protobuf;
using VaultDemo.Orchestrator.Telemetry.Otlp;

namespace VaultDemo.Orchestrator.Tests.Telemetry;

/// <summary>OTLP requests built with the generated message classes, as an exporter would send them.</summary>
internal static class OtlpPayloads
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    public static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public static string NewSpanId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]);

    public static Span Span(
        string traceId, string spanId, string? parentSpanId, string name, Span.Types.SpanKind kind,
        int startMilliseconds, int durationMilliseconds, params (string Key, string Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = Id(traceId),
            SpanId = Id(spanId),
            ParentSpanId = parentSpanId is null ? ByteString.Empty : Id(parentSpanId),
            Name = name,
            Kind = kind,
            StartTimeUnixNano = UnixNanos(Epoch.AddMilliseconds(startMilliseconds)),
            EndTimeUnixNano = UnixNanos(Epoch.AddMilliseconds(startMilliseconds + durationMilliseconds)),
        };
        span.Attributes.AddRange(attributes.Select(a => Attribute(a.Key, a.Value)));
        return span;
    }

    public static ExportTraceServiceRequest Traces(string service, params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "VaultDemo.Tests" } };
        scope.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = Resource(service) };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static LogRecord Log(SeverityNumber severity, string body, string? traceId = null, params (string Key, string Value)[] attributes)
    {
        var record = new LogRecord
        {
            TimeUnixNano = UnixNanos(Epoch),
            SeverityNumber = severity,
            Body = new AnyValue { StringValue = body },
            TraceId = traceId is null ? ByteString.Empty : Id(traceId),
        };
        record.Attributes.AddRange(attributes.Select(a => Attribute(a.Key, a.Value)));
        return record;
    }

    public static ExportLogsServiceRequest Logs(string service, params LogRecord[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "VaultDemo.Writer.Secrets" } };
        scope.LogRecords.AddRange(records);
        var resourceLogs = new ResourceLogs { Resource = Resource(service) };
        resourceLogs.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resourceLogs);
        return request;
    }

    public static ExportMetricsServiceRequest Metrics(string service, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "VaultDemo.Tests" } };
        scope.Metrics.AddRange(metrics);
        var resourceMetrics = new ResourceMetrics { Resource = Resource(service) };
        resourceMetrics.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    public static Metric Counter(string name, params (int AtSecond, long Value)[] points)
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
        sum.DataPoints.AddRange(points.Select(p => new NumberDataPoint { TimeUnixNano = UnixNanos(Epoch.AddSeconds(p.AtSecond)), AsInt = p.Value }));
        return new Metric { Name = name, Unit = "{request}", Sum = sum };
    }

    public static Metric Histogram(string name, double[] bounds, ulong[] counts)
    {
        var point = new HistogramDataPoint
        {
            TimeUnixNano = UnixNanos(Epoch),
            Count = (ulong)counts.Sum(c => (long)c),
            Sum = 1.5,
            Min = 0.001,
            Max = 0.9,
        };
        point.ExplicitBounds.AddRange(bounds);
        point.BucketCounts.AddRange(counts);
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        histogram.DataPoints.Add(point);
        return new Metric { Name = name, Unit = "s", Histogram = histogram };
    }

    public static ByteArrayContent Content(IMessage message)
    {
        var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    private static Resource Resource(string service)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", service));
        return resource;
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static ByteString Id(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    private static ulong UnixNanos(DateTimeOffset timestamp) => (ulong)(timestamp - DateTimeOffset.UnixEpoch).Ticks * 100;
}
