using VaultDemo.TestSupport;
using VaultDemo.VaultClient;
using VaultDemo.VaultClient.Auth;

namespace VaultDemo.Bench.Client;

/// <summary>
/// What does VaultClient add to a KV read? Baseline: a raw HttpClient GET of the same URL with the same token
/// header, reading the body as bytes. Candidate: an uncached typed read through VaultClient (envelope, status
/// handling, typed deserialisation). Target: at most 1.15x. Second figure: a cached versioned read against an
/// uncached one (the point of caching immutable versions).
/// </summary>
public sealed class KvReadBenchmark : IBenchmark
{
    private const int Iterations = 10_000;

    public string Name => "client-kv";

    public string Description => "VaultClient uncached KV read vs raw HttpClient GET (target <= 1.15x); cached versioned read vs uncached";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var vault = await DevVaultProcess.StartAsync(cancellationToken);
        using var uncached = new VaultDemo.VaultClient.VaultClient(new HttpClient(), Options(vault, latestFor: TimeSpan.Zero, versions: 0));
        using var cached = new VaultDemo.VaultClient.VaultClient(new HttpClient(), Options(vault, latestFor: TimeSpan.Zero, versions: 1024));
        var secret = new Dictionary<string, string> { ["username"] = "app", ["password"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()), ["url"] = "postgresql://127.0.0.1:5432/app" };
        await uncached.KeyValue.WriteAsync("bench/db", secret, cancellationToken: cancellationToken);

        using var raw = new HttpClient { BaseAddress = vault.Address };
        raw.DefaultRequestHeaders.Add("X-Vault-Token", vault.RootToken);
        var (client, baseline) = await Measure.MedianMicrosecondsAsync(
            async () => _ = await uncached.KeyValue.ReadAsync("bench/db", cancellationToken: cancellationToken),
            async () => _ = await raw.GetByteArrayAsync("/v1/secret/data/bench/db", cancellationToken),
            Iterations);
        report.Info($"{Iterations} reads per side in strict alternation, median latency; DevVault on loopback");
        report.Ratio("uncached KV read latency", client, baseline, "us/read", target: 1.15, higherIsBetter: false);

        var (hit, miss) = await Measure.MedianMicrosecondsAsync(
            async () => _ = await cached.KeyValue.ReadAsync("bench/db", version: 1, cancellationToken: cancellationToken),
            async () => _ = await uncached.KeyValue.ReadAsync("bench/db", version: 1, cancellationToken: cancellationToken),
            Iterations);
        report.Ratio("cached versioned read latency", hit, miss, "us/read", target: 0.1, higherIsBetter: false);
    }

    private static VaultClientOptions Options(DevVaultProcess vault, TimeSpan latestFor, int versions) => new()
    {
        Address = vault.Address,
        AuthMethod = TokenAuthMethod.FromValue(vault.RootToken),
        LatestReadCacheDuration = latestFor,
        VersionedReadCacheSize = versions,
    };
}
