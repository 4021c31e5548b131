using System.Net.Http.Json;
using System.Security.Cryptography;
using DevVault.Cli;
using DevVault.Hosting;
using Npgsql;
using VaultDemo.Bench.Client;
using VaultDemo.TestSupport;

namespace VaultDemo.Bench.Database;

/// <summary>
/// What does a leased database credential cost over creating the user yourself? Candidate: GET database/creds/role
/// on an in-process DevVault (loopback HTTP, a transaction with CREATE ROLE and GRANT, lease registration).
/// Baseline: a plain CREATE ROLE over Npgsql from a pooled connection. Median latency in strict alternation.
/// </summary>
public sealed class CredentialIssuanceBenchmark : IBenchmark
{
    private const int Iterations = 300;
    private const string Creation = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

    public string Name => "database";

    public string Description => "DevVault database credential issuance vs plain CREATE ROLE over Npgsql (target <= 4x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        await using var server = await DevVaultServer.StartAsync(new DevServerOptions { ListenAddress = "127.0.0.1:0" }, cancellationToken);
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-Vault-Token", server.RootToken);
        await PostAsync(http, "sys/mounts/database", new { type = "database" }, cancellationToken);
        await PostAsync(http, "database/config/pg", new
        {
            plugin_name = "postgresql-database-plugin",
            connection_url = $"postgresql://{{{{username}}}}:{{{{password}}}}@{postgres.Host}:{postgres.Port}/postgres?sslmode=disable",
            username = PostgresServer.SuperUser,
            password = postgres.Password,
            allowed_roles = "*",
        }, cancellationToken);
        await PostAsync(http, "database/roles/app", new { db_name = "pg", creation_statements = Creation, default_ttl = "1h" }, cancellationToken);

        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        var counter = 0;
        var (issued, plain) = await Measure.MedianMicrosecondsAsync(
            async () =>
            {
                using var response = await http.GetAsync("/v1/database/creds/app", cancellationToken);
                response.EnsureSuccessStatusCode();
            },
            async () =>
            {
                await using var command = dataSource.CreateCommand($"CREATE ROLE \"plain-{Interlocked.Increment(ref counter)}\" WITH LOGIN PASSWORD '{Convert.ToHexString(RandomNumberGenerator.GetBytes(10))}'");
                await command.ExecuteNonQueryAsync(cancellationToken);
            },
            Iterations);
        report.Info($"{Iterations} issuances per side in strict alternation, median latency; PostgreSQL and DevVault on loopback");
        report.Ratio("database credential issuance latency", issued, plain, "us/credential", target: 4, higherIsBetter: false);
    }

    private static async Task PostAsync(HttpClient http, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/" + path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
