using Microsoft.Extensions.Options;
using VaultDemo.Orchestrator.Telemetry;
using VaultDemo.Orchestrator.Telemetry.Logs;
using VaultDemo.Orchestrator.Telemetry.Metrics;
using VaultDemo.Orchestrator.Telemetry.Otlp;
using VaultDemo.Orchestrator.Telemetry.Traces;
using SpanKind = VaultDemo.Orchestrator.Telemetry.Otlp.Span.Types.SpanKind;

namespace VaultDemo.Orchestrator.Tests.Telemetry;

public sealed class TelemetryStoreLimitTests
{
    [Fact]
    public void DefaultLimitsKeepAtLeastWhatTheAspireDashboardKeeps()
    {
        var limits = new TelemetryLimits();

        Assert.True(limits.MaxLogRecords >= 10_000);
        Assert.True(limits.MaxTraces >= 10_000);
        Assert.True(limits.MaxMetricPoints >= 50_000);
    }

    [Fact]
    public void AFullLogStoreEvictsItsOldestRecords()
    {
        var store = new LogStore(Limits(new TelemetryLimits { MaxLogRecords = 3 }));

        store.Add(OtlpPayloads.Logs("writer", Enumerable.Range(1, 5).Select(i => OtlpPayloads.Log(SeverityNumber.Info, $"line {i}")).ToArray()));

        Assert.Equal(["line 3", "line 4", "line 5"], store.Query(new LogQuery()).Select(e => e.Message));
        Assert.Equal(2, store.Evicted);
    }

    [Fact]
    public void AFullTraceStoreEvictsTheTraceThatArrivedFirstWhole()
    {
        var store = new TraceStore(Limits(new TelemetryLimits { MaxTraces = 2 }));
        var (first, second, third) = (OtlpPayloads.NewTraceId(), OtlpPayloads.NewTraceId(), OtlpPayloads.NewTraceId());

        store.Add(OtlpPayloads.Traces("writer", RootSpan(first), RootSpan(first)));
        store.Add(OtlpPayloads.Traces("writer", RootSpan(second)));
        store.Add(OtlpPayloads.Traces("reader", RootSpan(third)));

        Assert.Null(store.Find(first));
        Assert.NotNull(store.Find(second));
        Assert.NotNull(store.Find(third));
        Assert.Equal(2, store.Count);
        Assert.Equal(1, store.EvictedTraces);
    }

    [Fact]
    public void SpansArrivingForAStoredTraceDoNotMakeItYoungerOrEvictAnything()
    {
        var store = new TraceStore(Limits(new TelemetryLimits { MaxTraces = 2 }));
        var (first, second, third) = (OtlpPayloads.NewTraceId(), OtlpPayloads.NewTraceId(), OtlpPayloads.NewTraceId());

        store.Add(OtlpPayloads.Traces("writer", RootSpan(first)));
        store.Add(OtlpPayloads.Traces("writer", RootSpan(second)));
        store.Add(OtlpPayloads.Traces("vault", RootSpan(first)));
        Assert.Equal(0, store.EvictedTraces);

        store.Add(OtlpPayloads.Traces("writer", RootSpan(third)));

        Assert.Null(store.Find(first));
        Assert.Equal(2, store.Find(second)!.Spans.Count + store.Find(third)!.Spans.Count);
    }

    [Fact]
    public void ATraceBeyondItsSpanLimitCountsWhatItDropped()
    {
        var store = new TraceStore(Limits(new TelemetryLimits { MaxSpansPerTrace = 2 }));
        var traceId = OtlpPayloads.NewTraceId();

        store.Add(OtlpPayloads.Traces("writer", RootSpan(traceId), RootSpan(traceId), RootSpan(traceId)));

        var trace = store.Find(traceId)!;
        Assert.Equal(2, trace.Spans.Count);
        Assert.Equal(1, trace.Summary.DroppedSpans);
    }

    [Fact]
    public void AFullMetricStoreEvictsTheOldestPointAcrossInstruments()
    {
        var store = new MetricStore(Limits(new TelemetryLimits { MaxMetricPoints = 3 }));

        store.Add(OtlpPayloads.Metrics("writer", OtlpPayloads.Counter("a", (0, 1), (1, 2))));
        store.Add(OtlpPayloads.Metrics("writer", OtlpPayloads.Counter("b", (2, 10), (3, 20))));

        Assert.Equal(3, store.PointCount);
        Assert.Equal(1, store.EvictedPoints);
        Assert.Equal([2.0], store.Query("writer", "a").Single().Points!.Select(p => p.Value!.Value));
        Assert.Equal([10.0, 20.0], store.Query("writer", "b").Single().Points!.Select(p => p.Value!.Value));
    }

    [Fact]
    public void LimitsBelowOneAreRefusedAtStart()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new TelemetryLimits { MaxTraces = 0 }.Validate());

        Assert.Contains("MaxTraces", exception.Message, StringComparison.Ordinal);
    }

    private static Span RootSpan(string traceId) =>
        OtlpPayloads.Span(traceId, OtlpPayloads.NewSpanId(), null, "work", SpanKind.Internal, 0, 1);

    private static IOptions<TelemetryLimits> Limits(TelemetryLimits limits) => Options.Create(limits);
}
