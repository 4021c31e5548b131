using System.Diagnostics;
using Npgsql;

namespace VaultDemo.Bench.Services;

/// <summary>
/// What does the writer cost on top of the Vault write it makes? Candidate: <c>PUT /api/secrets/...</c> through
/// the writer (AppRole token, KV write, PostgreSQL transaction with its dynamic user, outbox row). Baseline: the
/// same KV write straight to the same Vault through VaultClient with the root token. Both at the same
/// concurrency, in alternating rounds; between rounds the reader drains what the writer published, so neither
/// side pays for the other's backlog. Target: the writer keeps at least 0.15x of Vault's own write rate. Each
/// accepted write sets off, on the same two cores, about five times the baseline's work: the HTTP hop into the
/// writer, its transaction, the dispatcher's publish and outbox update, and the reader's Vault read and insert
/// running concurrently, plus the spans of all of it; much below 0.15x means one of those steps is slow.
/// </summary>
public sealed class WriterThroughputBenchmark : IBenchmark
{
    private const int Rounds = 6;
    private const int WritesPerRound = 200;
    private const int Concurrency = 8;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(2);

    public string Name => "services-write";

    public string Description => "writer PUT /api/secrets throughput vs direct VaultClient KV writes to the same Vault (target >= 0.15x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var topology = await BenchTopology.StartAsync(report, cancellationToken);
        using var vault = topology.CreateRootVaultClient();
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var database = NpgsqlDataSource.Create(await topology.ConnectionStringAsync("appdb", cancellationToken));

        Task Writer(string path, CancellationToken ct) => topology.PutSecretAsync($"bench-write/{run}/{path}", BenchTopology.SampleSecret(), ct);
        Task Direct(string path, CancellationToken ct) => vault.KeyValue.WriteAsync($"bench-direct/{run}/{path}", BenchTopology.SampleSecret(), cancellationToken: ct);

        // Warm both paths (JIT, connection pools, the writer's token and database credentials) unmeasured.
        await RunRoundAsync(Writer, "warm", WritesPerRound / 4, cancellationToken);
        await RunRoundAsync(Direct, "warm", WritesPerRound / 4, cancellationToken);
        var written = WritesPerRound / 4;
        await DrainAsync(database, run, written, cancellationToken);

        var writerTime = TimeSpan.Zero;
        var directTime = TimeSpan.Zero;
        for (var round = 0; round < Rounds; round++)
        {
            // Alternate which side goes first, so neither always meets the machine in the same state.
            var writerFirst = round % 2 == 0;
            if (!writerFirst)
            {
                directTime += await RunRoundAsync(Direct, $"r{round}", WritesPerRound, cancellationToken);
            }

            writerTime += await RunRoundAsync(Writer, $"r{round}", WritesPerRound, cancellationToken);
            written += WritesPerRound;
            await DrainAsync(database, run, written, cancellationToken);
            if (writerFirst)
            {
                directTime += await RunRoundAsync(Direct, $"r{round}", WritesPerRound, cancellationToken);
            }
        }

        var total = Rounds * WritesPerRound;
        report.Info($"{Rounds} rounds of {WritesPerRound} writes per side, {Concurrency} concurrent; writer {writerTime.TotalSeconds:0.00}s, direct {directTime.TotalSeconds:0.00}s");
        report.Ratio("writer vs direct KV write throughput", total / writerTime.TotalSeconds, total / directTime.TotalSeconds, "writes/s", target: 0.15, higherIsBetter: true);
    }

    private static async Task<TimeSpan> RunRoundAsync(Func<string, CancellationToken, Task> write, string round, int count, CancellationToken cancellationToken)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await write($"{round}/{i}", cancellationToken);
            }
        }));
        return clock.Elapsed;
    }

    /// <summary>Waits until the reader has recorded every write of this run, polling the table it writes.</summary>
    private static async Task DrainAsync(NpgsqlDataSource database, string run, int expected, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DrainTimeout);
        await using var count = database.CreateCommand("SELECT count(*) FROM app.secret_reads WHERE path LIKE '%bench-write/' || $1 || '/%'");
        count.Parameters.Add(new NpgsqlParameter { Value = run });
        long read = 0;
        try
        {
            while ((read = (long)(await count.ExecuteScalarAsync(timeout.Token))!) < expected)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The reader recorded {read} of {expected} writes within {DrainTimeout.TotalSeconds:0}s.");
        }
    }
}
