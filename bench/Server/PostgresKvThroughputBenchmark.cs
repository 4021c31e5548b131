using VaultDemo.Bench.KeyValue;
using VaultDemo.TestSupport;

namespace VaultDemo.Bench.Server;

/// <summary>
/// What does persistent storage cost a server-mode DevVault? Candidate: the server on <c>storage "postgresql"</c>
/// (a real PostgreSQL container, started by Aspire's DCP as the AppHost starts it). Baseline: the same server on
/// <c>storage "inmem"</c>. Both in this process, initialised and unsealed through <c>sys/init</c> and
/// <c>sys/unseal</c>, under the same concurrent HttpClient load in alternating rounds; median rounds compared.
/// Targets: reads at least 0.7x (a read cache in front of storage, as Vault keeps one), writes at least 0.2x
/// (every write is a PostgreSQL round trip).
/// </summary>
public sealed class PostgresKvThroughputBenchmark : IBenchmark
{
    // Secrets spread over several paths, as services write them: writes to one path queue on its check-and-set
    // lock, which would measure that lock rather than the storage.
    private const int Paths = 64;
    private static readonly ThroughputRounds Load = new(workers: 16, rounds: 5, roundLength: TimeSpan.FromSeconds(3));

    public string Name => "devvault-pg-kv";

    public string Description => "Server-mode DevVault KV v2 read/write throughput on PostgreSQL storage vs in-memory storage (targets >= 0.7x reads, >= 0.2x writes)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        await postgres.CreateDatabaseAsync("vault", cancellationToken);
        await using var onPostgres = await UnsealedVault.StartAsync(ServerConfig.PostgreSqlStorage("vault_kv_store", postgres.SuperUserUrl("vault")), cancellationToken);
        await using var inMemory = await UnsealedVault.StartAsync(ServerConfig.InMemoryStorage, cancellationToken);

        var body = "{\"data\":{\"username\":\"app\",\"password\":\"" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "\",\"url\":\"postgresql://127.0.0.1:5432/app\"}}";
        foreach (var vault in new[] { onPostgres, inMemory })
        {
            for (var i = 0; i < Paths; i++)
            {
                await ThroughputRounds.SendAsync(vault.Http, HttpMethod.Post, SecretPath(i), body, cancellationToken);
            }
        }

        report.Info($"storage {onPostgres.StorageType} vs {inMemory.StorageType}; {Paths} secrets; {Load.Describe()}");
        var (pgReads, memoryReads) = await Load.CompareAsync(Operation(onPostgres, HttpMethod.Get, null), Operation(inMemory, HttpMethod.Get, null), cancellationToken);
        report.Ratio("KV v2 read throughput, PostgreSQL vs inmem storage", pgReads, memoryReads, "req/s", target: 0.7, higherIsBetter: true);

        var (pgWrites, memoryWrites) = await Load.CompareAsync(Operation(onPostgres, HttpMethod.Post, body), Operation(inMemory, HttpMethod.Post, body), cancellationToken);
        report.Ratio("KV v2 write throughput, PostgreSQL vs inmem storage", pgWrites, memoryWrites, "req/s", target: 0.2, higherIsBetter: true);

        // The ceiling under the write ratio: PostgreSQL's own commit rate under the same load, against the same
        // in-memory writes. A stored KV version is about this size once encrypted.
        await using var ceiling = await PostgresCommitCeiling.CreateAsync(postgres.GetConnectionString("vault"), valueBytes: 512, Paths, cancellationToken);
        var (commits, memoryWritesAgain) = await Load.CompareAsync(ceiling.CommitOneAsync, Operation(inMemory, HttpMethod.Post, body), cancellationToken);
        report.Info($"ceiling: PostgreSQL alone commits {commits:0} one-row upserts/s under the same load, {commits / memoryWritesAgain:0.00}x of inmem writes ({memoryWritesAgain:0} req/s)");
    }

    private static Func<CancellationToken, Task<string>> Operation(UnsealedVault vault, HttpMethod method, string? body)
    {
        var next = 0;
        return ct => ThroughputRounds.SendAsync(vault.Http, method, SecretPath((int)((uint)Interlocked.Increment(ref next) % Paths)), body, ct);
    }

    private static string SecretPath(int index) => $"v1/secret/data/bench/service-{index}";
}
