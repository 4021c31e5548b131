using VaultDemo.Orchestrator.Dashboard;
using VaultDemo.Orchestrator.Dashboard.Access;

namespace VaultDemo.Bench.Telemetry;

/// <summary>
/// Can the dashboard's OTLP receiver keep up with the services that export to it? Baseline: the rate at
/// which the OpenTelemetry SDK in one process creates spans, batches and serializes them and sends them
/// over loopback HTTP to a sink that only keeps the bytes, which bounds what a single exporting
/// service can produce. Candidate: the rate at which the receiver parses and stores those very bodies,
/// sent over loopback HTTP by two concurrent exporters. Target: at least 1x, the receiver is never the bottleneck.
/// </summary>
public sealed class OtlpIngestionBenchmark : IBenchmark
{
    private const int Requests = 8_000;
    private const int Senders = 2;
    private const int Rounds = 5;

    public string Name => "telemetry";

    public string Description => "OTLP receiver ingestion (spans/s) vs the OpenTelemetry SDK exporter's production rate; target >= 1x";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var sink = await OtlpLoad.LoopbackApp.StartAsync(
            services => services.AddSingleton<OtlpLoad.BodySink>(),
            app => app.MapPost("/v1/traces", async (HttpRequest request, OtlpLoad.BodySink bodies) => await bodies.KeepAsync(request)));
        await using var receiver = await OtlpLoad.LoopbackApp.StartAsync(
            services => services.AddSingleton<IDashboardTokenValidator>(new FixedTokenValidator(Guid.NewGuid().ToString("N"))).AddDashboard(),
            app => app.MapDashboard());

        // Warm both paths up alike, long enough for tiered JIT to settle, so compilation is measured in neither.
        await OtlpLoad.ProduceAsync(sink.Address, requests: Requests / 2);
        var bodies = sink.Services.GetRequiredService<OtlpLoad.BodySink>();
        await OtlpLoad.IngestAsync(receiver.Address, bodies.TakeAll(), Senders, cancellationToken);

        // Paired rounds: each measures both sides back to back, so load from other processes on these two
        // cores weighs on both alike; the round with the median ratio is reported.
        var rounds = new List<(double Production, double Ingestion)>();
        var (spans, requests) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            var (produced, productionTime) = await OtlpLoad.ProduceAsync(sink.Address, Requests);
            var captured = bodies.TakeAll();
            spans = OtlpLoad.CountSpans(captured);
            if (spans != produced)
            {
                throw new InvalidOperationException($"The SDK exported {spans} of {produced} spans; the baseline would be wrong.");
            }

            var ingestionTime = await OtlpLoad.IngestAsync(receiver.Address, captured, Senders, cancellationToken);
            requests = captured.Count;
            rounds.Add((spans / productionTime.TotalSeconds, spans / ingestionTime.TotalSeconds));
        }

        var median = rounds.OrderBy(r => r.Ingestion / r.Production).ElementAt(Rounds / 2);
        report.Info($"{spans} spans in {requests} OTLP requests per round, {Senders} concurrent senders to the receiver; ratios per round: "
            + string.Join(", ", rounds.Select(r => (r.Ingestion / r.Production).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
        report.Ratio("OTLP ingestion (median round)", median.Ingestion, median.Production, "spans/s", target: 1.0, higherIsBetter: true);
    }
}
