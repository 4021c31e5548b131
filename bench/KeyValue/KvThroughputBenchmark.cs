using System.Net;
using System.Text;
using DevVault.Cli;
using DevVault.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace VaultDemo.Bench.KeyValue;

/// <summary>
/// What does DevVault's pipeline (routing, token lookup, ACL, KV engine, envelope) cost over the HTTP stack
/// itself? Baseline: a bare Kestrel endpoint on loopback returning a JSON body of exactly the size DevVault
/// returns. Both run in this process, driven by the same concurrent HttpClient load, in alternating rounds;
/// the median round of each side is compared. Targets: reads at least 0.5x, writes at least 0.3x.
/// </summary>
public sealed class KvThroughputBenchmark : IBenchmark
{
    private static readonly ThroughputRounds Load = new(workers: 16, rounds: 3, roundLength: TimeSpan.FromSeconds(3));

    public string Name => "devvault-kv";

    public string Description => "DevVault KV v2 read/write throughput vs a bare Kestrel endpoint with same-size bodies (targets >= 0.5x reads, >= 0.3x writes)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var vault = await DevVaultServer.StartAsync(new DevServerOptions { ListenAddress = "127.0.0.1:0" }, cancellationToken);
        using var vaultHttp = new HttpClient { BaseAddress = vault.Address };
        vaultHttp.DefaultRequestHeaders.Add("X-Vault-Token", vault.RootToken);

        var writeBody = "{\"data\":{\"username\":\"app\",\"password\":\"" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "\",\"url\":\"postgresql://127.0.0.1:5432/app\"}}";
        var writeReply = await ThroughputRounds.SendAsync(vaultHttp, HttpMethod.Post, "v1/secret/data/bench/db", writeBody, cancellationToken);
        var readReply = await ThroughputRounds.SendAsync(vaultHttp, HttpMethod.Get, "v1/secret/data/bench/db", null, cancellationToken);

        await using var bare = await BareEndpoint.StartAsync(readReply, writeReply, cancellationToken);
        using var bareHttp = new HttpClient { BaseAddress = bare.Address };

        report.Info($"bodies: read reply {readReply.Length} B, write reply {writeReply.Length} B; {Load.Describe()}");
        var (vaultReads, bareReads) = await Load.CompareAsync(
            ct => ThroughputRounds.SendAsync(vaultHttp, HttpMethod.Get, "v1/secret/data/bench/db", null, ct),
            ct => ThroughputRounds.SendAsync(bareHttp, HttpMethod.Get, "v1/bare", null, ct),
            cancellationToken);
        report.Ratio("KV v2 read throughput", vaultReads, bareReads, "req/s", target: 0.5, higherIsBetter: true);

        var (vaultWrites, bareWrites) = await Load.CompareAsync(
            ct => ThroughputRounds.SendAsync(vaultHttp, HttpMethod.Post, "v1/secret/data/bench/db", writeBody, ct),
            ct => ThroughputRounds.SendAsync(bareHttp, HttpMethod.Post, "v1/bare", writeBody, ct),
            cancellationToken);
        report.Ratio("KV v2 write throughput", vaultWrites, bareWrites, "req/s", target: 0.3, higherIsBetter: true);
    }

    /// <summary>Kestrel with nothing but two routes that answer with fixed bodies: the floor DevVault is measured against.</summary>
    private sealed class BareEndpoint(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public static async Task<BareEndpoint> StartAsync(string readReply, string writeReply, CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var read = Encoding.UTF8.GetBytes(readReply);
            var write = Encoding.UTF8.GetBytes(writeReply);
            app.MapGet("/v1/bare", (HttpContext context) => WriteAsync(context, read));
            app.MapPost("/v1/bare", async (HttpContext context) =>
            {
                // Read the body as DevVault must, so both sides pay for the upload.
                using var sink = new MemoryStream();
                await context.Request.Body.CopyToAsync(sink, context.RequestAborted);
                await WriteAsync(context, write);
            });
            await app.StartAsync(cancellationToken);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new BareEndpoint(app, new Uri(bound + "/"));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        private static Task WriteAsync(HttpContext context, byte[] body)
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        }
    }
}
