using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VaultDemo.Orchestrator.Dashboard;
using VaultDemo.Orchestrator.Dashboard.Access;
using VaultDemo.Orchestrator.Telemetry.Otlp;

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
    private const int SpansPerRequest = 5;
    private const int Senders = 2;
    private const int Rounds = 5;

    public string Name => "telemetry";

    public string Description => "OTLP receiver ingestion (spans/s) vs the OpenTelemetry SDK exporter's production rate; target >= 1x";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var sink = await LoopbackApp.StartAsync(
            services => services.AddSingleton<BodySink>(),
            app => app.MapPost("/v1/traces", async (HttpRequest request, BodySink bodies) => await bodies.KeepAsync(request)));
        await using var receiver = await LoopbackApp.StartAsync(
            services => services.AddSingleton<IDashboardTokenValidator>(new FixedTokenValidator(Guid.NewGuid().ToString("N"))).AddDashboard(),
            app => app.MapDashboard());

        // Warm both paths up alike, long enough for tiered JIT to settle, so compilation is measured in neither.
        await ProduceAsync(sink.Address, requests: Requests / 2);
        var bodies = sink.Services.GetRequiredService<BodySink>();
        await IngestAsync(receiver.Address, bodies.TakeAll(), cancellationToken);

        // Paired rounds: each measures both sides back to back, so load from other processes on these two
        // cores weighs on both alike; the round with the median ratio is reported.
        var rounds = new List<(double Production, double Ingestion)>();
        var (spans, requests) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            var (produced, productionTime) = await ProduceAsync(sink.Address, Requests);
            var captured = bodies.TakeAll();
            spans = captured.Sum(body => ExportTraceServiceRequest.Parser.ParseFrom(body).ResourceSpans.Sum(r => r.ScopeSpans.Sum(s => s.Spans.Count)));
            if (spans != produced)
            {
                throw new InvalidOperationException($"The SDK exported {spans} of {produced} spans; the baseline would be wrong.");
            }

            var ingestionTime = await IngestAsync(receiver.Address, captured, cancellationToken);
            requests = captured.Count;
            rounds.Add((spans / productionTime.TotalSeconds, spans / ingestionTime.TotalSeconds));
        }

        var median = rounds.OrderBy(r => r.Ingestion / r.Production).ElementAt(Rounds / 2);
        report.Info($"{spans} spans in {requests} OTLP requests per round, {Senders} concurrent senders to the receiver; ratios per round: "
            + string.Join(", ", rounds.Select(r => (r.Ingestion / r.Production).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))));
        report.Ratio("OTLP ingestion (median round)", median.Ingestion, median.Production, "spans/s", target: 1.0, higherIsBetter: true);
    }

    /// <summary>Spans shaped like a service call (a server span with four children), exported by the SDK's batch processor.</summary>
    private static async Task<(int Spans, TimeSpan Elapsed)> ProduceAsync(Uri sink, int requests)
    {
        using var source = new ActivitySource("VaultDemo.Bench.Telemetry");
        var spans = requests * SpansPerRequest;
        using var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("bench-writer"))
            .AddSource(source.Name)
            .AddOtlpExporter(options =>
            {
                options.Endpoint = new Uri(sink, "/v1/traces");
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.ExportProcessorType = ExportProcessorType.Batch;
                // A queue large enough that no span is dropped: dropping would flatter the baseline.
                options.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions { MaxQueueSize = spans + 1, MaxExportBatchSize = 512, ScheduledDelayMilliseconds = 50 };
            })
            .Build();

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            using var server = source.StartActivity("PUT /api/secrets/{name}", ActivityKind.Server)!;
            server.SetTag("http.request.method", "PUT");
            server.SetTag("http.route", "/api/secrets/{name}");
            server.SetTag("http.response.status_code", 201);
            for (var child = 0; child < SpansPerRequest - 1; child++)
            {
                using var call = source.StartActivity("PUT", ActivityKind.Client)!;
                call.SetTag("server.address", "127.0.0.1");
                call.SetTag("url.path", "/v1/secret/data/app");
                call.SetTag("http.response.status_code", 200);
            }
        }

        await Task.Run(() => tracerProvider.ForceFlush(60_000));
        return (spans, stopwatch.Elapsed);
    }

    private static async Task<TimeSpan> IngestAsync(Uri receiver, IReadOnlyList<byte[]> bodies, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = receiver };
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Count)
            {
                var content = new ByteArrayContent(bodies[index]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                using var response = await client.PostAsync("/v1/traces", content, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
        }, cancellationToken)));
        return stopwatch.Elapsed;
    }

    /// <summary>Keeps each request body as is; the baseline's receiving end does no work of its own.</summary>
    private sealed class BodySink
    {
        private readonly ConcurrentQueue<byte[]> _bodies = new();

        public async Task KeepAsync(HttpRequest request)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            _bodies.Enqueue(buffer.ToArray());
        }

        public IReadOnlyList<byte[]> TakeAll()
        {
            var taken = new List<byte[]>();
            while (_bodies.TryDequeue(out var body))
            {
                taken.Add(body);
            }

            return taken;
        }
    }

    /// <summary>A minimal web app on a free loopback port.</summary>
    private sealed class LoopbackApp(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public IServiceProvider Services => app.Services;

        public static async Task<LoopbackApp> StartAsync(Action<IServiceCollection> configure, Action<WebApplication> map)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            configure(builder.Services);
            var app = builder.Build();
            map(app);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new LoopbackApp(app, new Uri(address));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
