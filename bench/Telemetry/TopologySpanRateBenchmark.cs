using System.Diagnostics;
using VaultDemo.Bench.Services;

namespace VaultDemo.Bench.Telemetry;

/// <summary>
/// Is the dashboard ever the bottleneck of the real system? Baseline: the rate at which the whole topology exports
/// spans while the writer is driven as hard as the services-write benchmark drives it (writer, Vault, PostgreSQL,
/// RabbitMQ and reader spans, counted as the Aspire dashboard stores them). Candidate: the rate at which that same receiver,
/// in the same run, ingests SDK-produced OTLP bodies sent by two concurrent exporters. Target: at least 1x; the margin
/// says how much busier the system could get before telemetry would fall behind.
/// </summary>
public sealed class TopologySpanRateBenchmark : IBenchmark
{
    private const int Writes = 600;
    private const int Concurrency = 8;
    private const int ReplayRequests = 4_000;
    private const int ReplaySenders = 2;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    public string Name => "telemetry-topology";

    public string Description => "dashboard OTLP ingestion (spans/s) vs the spans/s the whole topology exports under writer load; target >= 1x";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var replay = await CaptureReplayAsync();
        await using var topology = await BenchTopology.StartAsync(report, cancellationToken);
        var run = Guid.NewGuid().ToString("N")[..8];

        await DriveWriterAsync(topology, $"warm-{run}", Writes / 4, cancellationToken);
        var before = await SettledSpanCountAsync(topology, cancellationToken);
        var loadTime = await DriveWriterAsync(topology, run, Writes, cancellationToken);
        var produced = await SettledSpanCountAsync(topology, cancellationToken) - before;

        var replaySpans = ReplayRequests * OtlpLoad.SpansPerRequest;
        var beforeReplay = await topology.StoredSpanCountAsync(cancellationToken);
        var ingestTime = await OtlpLoad.IngestAsync(topology.Dashboard.OtlpHttpAddress, topology.Dashboard.OtlpApiKey, replay, ReplaySenders, cancellationToken);
        var stored = await SettledSpanCountAsync(topology, cancellationToken) - beforeReplay;
        if (stored < replaySpans)
        {
            throw new InvalidOperationException($"The dashboard stored {stored} of {replaySpans} replayed spans; the ingestion rate would be wrong.");
        }

        report.Info($"{Writes} writes ({Concurrency} concurrent) in {loadTime.TotalSeconds:0.00}s produced {produced} spans ({produced / (double)Writes:0.0} per write); "
            + $"replayed {replaySpans} spans in {ingestTime.TotalSeconds:0.00}s into the Aspire dashboard's OTLP/HTTP receiver");
        report.Ratio("dashboard ingestion vs topology span production", replaySpans / ingestTime.TotalSeconds, produced / loadTime.TotalSeconds, "spans/s", target: 1.0, higherIsBetter: true);
    }

    /// <summary>The replayed load, produced by the OpenTelemetry SDK before the topology starts so producing it costs the measurement nothing.</summary>
    private static async Task<IReadOnlyList<byte[]>> CaptureReplayAsync()
    {
        await using var sink = await OtlpLoad.LoopbackApp.StartAsync(
            services => services.AddSingleton<OtlpLoad.BodySink>(),
            app => app.MapPost("/v1/traces", async (HttpRequest request, OtlpLoad.BodySink bodies) => await bodies.KeepAsync(request)));
        await OtlpLoad.ProduceAsync(sink.Address, ReplayRequests);
        return sink.Services.GetRequiredService<OtlpLoad.BodySink>().TakeAll();
    }

    private static async Task<TimeSpan> DriveWriterAsync(BenchTopology topology, string prefix, int count, CancellationToken cancellationToken)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await topology.PutSecretAsync($"bench-telemetry/{prefix}/{i}", BenchTopology.SampleSecret(), cancellationToken);
            }
        }));
        return clock.Elapsed;
    }

    /// <summary>The span count once it has stopped growing: the exporters' batches and the reader's backlog are in.</summary>
    private static async Task<long> SettledSpanCountAsync(BenchTopology topology, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var count = await topology.StoredSpanCountAsync(cancellationToken);
        while (deadline.Elapsed < SettleTimeout)
        {
            await Task.Delay(Settle, cancellationToken);
            var now = await topology.StoredSpanCountAsync(cancellationToken);
            if (now == count)
            {
                return now;
            }

            count = now;
        }

        throw new TimeoutException($"The span count was still growing after {SettleTimeout.TotalSeconds:0}s ({count} spans).");
    }
}
