using System.Diagnostics;
using Npgsql;
using VaultDemo.TestSupport;
using VaultDemo.VaultClient;
using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Database;

namespace VaultDemo.Bench.Client;

/// <summary>
/// Does rotating credentials hurt the queries running through them? Baseline: p99 latency of a small query
/// through <see cref="VaultNpgsqlDataSource"/> with stable credentials. Candidate: the same while new credentials
/// are swapped in every half second (each swap: a Vault call, a new user, a fresh pool, the old one drained and
/// its user dropped). Target: p99 at most 1.5x. Any failed query fails the benchmark.
/// </summary>
public sealed class RotationLatencyBenchmark : IBenchmark
{
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(8);

    public string Name => "client-rotation";

    public string Description => "query p99 through VaultNpgsqlDataSource during credential rotation vs steady state (target <= 1.5x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        await postgres.CreateDatabaseAsync("app", cancellationToken);
        await using var vault = await DevVaultProcess.StartAsync(cancellationToken);
        using var client = new VaultDemo.VaultClient.VaultClient(new HttpClient(), new VaultClientOptions { Address = vault.Address, AuthMethod = TokenAuthMethod.FromValue(vault.RootToken) });
        await ConfigureAsync(client, postgres, cancellationToken);
        await using var dataSource = new VaultNpgsqlDataSource(client, new VaultNpgsqlDataSourceOptions
        {
            ConnectionString = new NpgsqlConnectionStringBuilder { Host = postgres.Host, Port = postgres.Port, Database = "app" }.ConnectionString,
            Role = "bench",
        });
        await QueryForAsync(dataSource, TimeSpan.FromSeconds(2), cancellationToken);

        var steady = await QueryForAsync(dataSource, Phase, cancellationToken);
        using var stopRotating = new CancellationTokenSource();
        var rotations = RotateEveryHalfSecondAsync(dataSource, stopRotating.Token);
        var rotating = await QueryForAsync(dataSource, Phase, cancellationToken);
        await stopRotating.CancelAsync();
        var swaps = await rotations;

        report.Info($"{steady.Count} queries steady, {rotating.Count} during {swaps} rotations; 2 concurrent workers; {dataSource.Rotations} swaps in total");
        report.Ratio("query p99 during rotation", P99(rotating), P99(steady), "ms", target: 1.5, higherIsBetter: false);
    }

    private static async Task ConfigureAsync(VaultDemo.VaultClient.VaultClient client, PostgresServer postgres, CancellationToken cancellationToken)
    {
        await using (var admin = NpgsqlDataSource.Create(postgres.GetConnectionString("app")))
        await using (var create = admin.CreateCommand("CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY); INSERT INTO items SELECT generate_series(1, 100) ON CONFLICT DO NOTHING;"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await client.Admin.EnableSecretsEngineAsync("database", "database", cancellationToken: cancellationToken);
        await client.Admin.WriteDatabaseConnectionAsync("app", new DatabaseConnectionDefinition
        {
            ConnectionUrl = $"postgresql://{{{{username}}}}:{{{{password}}}}@{postgres.Host}:{postgres.Port}/app?sslmode=disable",
            Username = PostgresServer.SuperUser,
            Password = postgres.Password,
            AllowedRoles = ["bench"],
        }, cancellationToken: cancellationToken);
        await client.Admin.WriteDatabaseRoleAsync("bench", new DatabaseRoleDefinition
        {
            DbName = "app",
            CreationStatements = ["CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';", "GRANT SELECT ON items TO \"{{name}}\";"],
            DefaultTtl = TimeSpan.FromMinutes(5),
            MaxTtl = TimeSpan.FromMinutes(10),
        }, cancellationToken: cancellationToken);
    }

    private static async Task<List<double>> QueryForAsync(VaultNpgsqlDataSource dataSource, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT sum(id) FROM items", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }, cancellationToken)));
        return latencies;
    }

    private static async Task<int> RotateEveryHalfSecondAsync(VaultNpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var swaps = 0;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                await dataSource.RotateNowAsync(cancellationToken);
                swaps++;
            }
        }
        catch (OperationCanceledException)
        {
            return swaps;
        }
    }

    private static double P99(List<double> values)
    {
        values.Sort();
        return values[(int)Math.Min(values.Count - 1, Math.Ceiling(values.Count * 0.99) - 1)];
    }
}
