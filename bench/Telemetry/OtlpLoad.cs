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

namespace VaultDemo.Bench.Telemetry;

/// <summary>OTLP trace load for the telemetry benchmarks: SDK-produced request bodies, captured as sent, and replayed into a receiver.</summary>
internal static class OtlpLoad
{
    public const int SpansPerRequest = 5;

    /// <summary>Spans shaped like a service call (a server span with four children), exported by the SDK's batch processor.</summary>
    public static async Task<(int Spans, TimeSpan Elapsed)> ProduceAsync(Uri sink, int requests)
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

    public static async Task<TimeSpan> IngestAsync(Uri receiver, string otlpApiKey, IReadOnlyList<byte[]> bodies, int senders, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = receiver };
        client.DefaultRequestHeaders.Add("x-otlp-api-key", otlpApiKey);
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
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
    public sealed class BodySink
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
    public sealed class LoopbackApp(WebApplication app, Uri address) : IAsyncDisposable
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
