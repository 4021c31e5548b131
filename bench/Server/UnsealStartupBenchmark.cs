using System.Diagnostics;
using System.Net.Http.Json;
using VaultDemo.Bench.Client;
using VaultDemo.TestSupport;

namespace VaultDemo.Bench.Server;

/// <summary>
/// Does a full store slow a restart down? Candidate: a server-mode DevVault process on a store holding 10,000
/// objects, from process start until <c>sys/unseal</c> answers <c>sealed: false</c> after the threshold's keys and a
/// first KV read succeeds. Baseline: the same on an initialised store holding nothing else. Measured on PostgreSQL
/// storage (what the AppHost runs on, a real container started by Aspire's DCP) and on file storage, in alternating
/// restarts, medians compared. The objects are tokens with a TTL: unseal loads every token (and arms its expiry),
/// whereas KV secrets are read on demand, so tokens are the objects that can slow an unseal. Target: at most 3x.
/// </summary>
public sealed class UnsealStartupBenchmark : IBenchmark
{
    private const int Objects = 10_000;
    private const int Restarts = 3;
    private const int SeedWorkers = 16;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    public string Name => "devvault-unseal";

    public string Description => $"Server-mode DevVault process start to unsealed and first KV read, {Objects:N0} stored objects vs none, on PostgreSQL and file storage (target <= 3x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("devvault-unseal-bench-");
        try
        {
            await using (var postgres = await PostgresServer.StartAsync(cancellationToken))
            {
                await postgres.CreateDatabaseAsync("vault", cancellationToken);
                var environment = new Dictionary<string, string> { ["VAULT_PG_CONNECTION_URL"] = postgres.SuperUserUrl("vault") };
                await CompareAsync(
                    report,
                    "postgresql",
                    new Store(work, "pg-empty", ServerConfig.PostgreSqlStorage("vault_empty"), environment),
                    new Store(work, "pg-full", ServerConfig.PostgreSqlStorage("vault_full"), environment),
                    cancellationToken);
            }

            await CompareAsync(
                report,
                "file",
                new Store(work, "file-empty", ServerConfig.FileStorage(Path.Combine(work.FullName, "file-empty-data")), new Dictionary<string, string>()),
                new Store(work, "file-full", ServerConfig.FileStorage(Path.Combine(work.FullName, "file-full-data")), new Dictionary<string, string>()),
                cancellationToken);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task CompareAsync(BenchmarkReport report, string storage, Store empty, Store full, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var emptyKeys = await PrepareAsync(empty, 0, cancellationToken);
        var fullKeys = await PrepareAsync(full, Objects, cancellationToken);
        report.Info($"{storage}: stores prepared in {clock.Elapsed.TotalSeconds:0.0}s ({Objects:N0} tokens seeded over the API by {SeedWorkers} clients)");

        var emptyTimes = new List<Restart>();
        var fullTimes = new List<Restart>();
        for (var restart = 0; restart < Restarts; restart++)
        {
            // Alternate which side goes first, so neither always restarts on a disk or database cache the other warmed.
            if (restart % 2 == 0)
            {
                emptyTimes.Add(await TimeRestartAsync(empty, emptyKeys, cancellationToken));
                fullTimes.Add(await TimeRestartAsync(full, fullKeys, cancellationToken));
            }
            else
            {
                fullTimes.Add(await TimeRestartAsync(full, fullKeys, cancellationToken));
                emptyTimes.Add(await TimeRestartAsync(empty, emptyKeys, cancellationToken));
            }
        }

        report.Info($"{storage}, {Objects:N0} objects: {string.Join("; ", fullTimes)}");
        report.Info($"{storage}, empty: {string.Join("; ", emptyTimes)}");
        report.Ratio($"process start to unsealed and first read, {storage} storage, {Objects:N0} objects vs none", Median.Of(fullTimes.Select(t => t.Read)), Median.Of(emptyTimes.Select(t => t.Read)), "s", target: 3, higherIsBetter: false);
    }

    /// <summary>First start of a store: init, unseal, KV v2 at <c>secret/</c> with one secret, <paramref name="objects"/> tokens; then stopped.</summary>
    private static async Task<Unsealing> PrepareAsync(Store store, int objects, CancellationToken cancellationToken)
    {
        await using var vault = await store.LaunchAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = vault.Address };
        var (keys, rootToken) = await SealApi.InitializeWithKvAsync(http, cancellationToken);
        using (var probe = await http.PostAsJsonAsync("v1/secret/data/probe", new { data = new { value = "probe" } }, cancellationToken))
        {
            probe.EnsureSuccessStatusCode();
        }

        var remaining = objects;
        await Task.WhenAll(Enumerable.Range(0, SeedWorkers).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                using var created = await http.PostAsJsonAsync("v1/auth/token/create", new { ttl = "768h", policies = new[] { "default" } }, cancellationToken);
                created.EnsureSuccessStatusCode();
            }
        }));
        return new Unsealing(keys, rootToken);
    }

    private static async Task<Restart> TimeRestartAsync(Store store, Unsealing unsealing, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var vault = await store.LaunchAsync(cancellationToken);
        var answering = clock.Elapsed;
        using var http = new HttpClient { BaseAddress = vault.Address };
        await SealApi.UnsealAsync(http, unsealing.Keys, cancellationToken);
        var unsealed = clock.Elapsed;
        using var read = new HttpRequestMessage(HttpMethod.Get, "v1/secret/data/probe");
        read.Headers.Add("X-Vault-Token", unsealing.RootToken);
        using var response = await http.SendAsync(read, cancellationToken);
        response.EnsureSuccessStatusCode();
        return new Restart(answering.TotalSeconds, unsealed.TotalSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Seconds from process start until the API answered, until unsealed, and until the first read succeeded.</summary>
    private sealed record Restart(double Answering, double Unsealed, double Read)
    {
        public override string ToString() => $"{Read:0.00}s ({Answering:0.00}s answering, {Unsealed - Answering:0.00}s unseal, {Read - Unsealed:0.00}s read)";
    }

    private sealed record Unsealing(IReadOnlyList<string> Keys, string RootToken);

    /// <summary>One store and how a process is started on it: its configuration file (in a 0700 directory) and environment.</summary>
    private sealed record Store(DirectoryInfo Work, string Name, string StorageStanza, IReadOnlyDictionary<string, string> Environment)
    {
        /// <summary>Starts a process on this store and returns once its API answers (sealed, as every server-mode start is).</summary>
        public async Task<DevVaultProcess> LaunchAsync(CancellationToken cancellationToken)
        {
            var port = LoopbackPorts.Free();
            var configFile = Path.Combine(Work.FullName, Name + ".hcl");
            await File.WriteAllTextAsync(configFile, StorageStanza + "\n" + ServerConfig.Listener(port), cancellationToken);
            var vault = DevVaultProcess.LaunchServer(configFile, port, Environment);
            try
            {
                await vault.WaitUntilAnsweringAsync("v1/sys/seal-status", StartTimeout, cancellationToken);
                return vault;
            }
            catch
            {
                await vault.DisposeAsync();
                throw;
            }
        }
    }
}
