using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// What the services do while a dependency is down, on a topology of their own (these tests stop resources):
/// the reader reports itself unhealthy but alive while the broker or the database is down and recovers by itself;
/// the writer keeps accepting work while the broker is down and the reader catches up once it is back; the writer
/// answers 503 with Retry-After while Vault is unreachable and records nothing. The steps run in order because
/// DevVault keeps its state in memory: once stopped, it comes back empty, so stopping Vault comes last.
/// </summary>
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public sealed class DependencyOutageTests(OwnTopology own) : IClassFixture<OwnTopology>
{
    private const string Messaging = "messaging";
    private const string Postgres = "postgres";

    [Fact]
    [Step(1)]
    public async Task TheReaderIsUnhealthyButAliveWhileTheBrokerIsDownAndRecoversByItself()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = own.Topology;

        await topology.StopResourceAsync(Messaging, cancellationToken);
        try
        {
            await AssertReaderUnhealthyButAliveAsync(topology, $"{Messaging} stopped");
        }
        finally
        {
            // The next steps need the broker whatever this one found.
            await RestartAsync(topology, Messaging, cancellationToken);
        }

        await AssertReaderRecoversAsync(topology, $"{Messaging} started again");
    }

    [Fact]
    [Step(2)]
    public async Task WritesAcceptedWhileTheBrokerIsDownAreAllReadOnceItIsBack()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = own.Topology;
        using var writer = WriterApi.For(topology);
        var prefix = $"integration/broker-outage/{Guid.NewGuid():N}";

        await topology.StopResourceAsync(Messaging, cancellationToken);
        var paths = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var path = $"{prefix}/{i}";
            var response = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"outage-{i}-{Guid.NewGuid():N}") }, cancellationToken: cancellationToken);
            Assert.True(response.Status == HttpStatusCode.OK, $"write {i} with the broker down: {response}");
            paths.Add(path);
        }

        // Queued, not lost: the events wait in the outbox for the broker.
        Assert.Equal(paths.Count, await AppDatabase.ScalarAsync<long>(topology, "SELECT count(*) FROM app.outbox WHERE payload->>'path' LIKE @prefix AND sent_at IS NULL", cancellationToken, ("prefix", prefix + "/%")));
        await RestartAsync(topology, Messaging, cancellationToken);

        await Eventually.MatchesAsync(
            () => AppDatabase.ReadVersionsAsync(topology, paths, cancellationToken),
            read => read.Count == paths.Count,
            "the reader to read all 20 versions written while the broker was down");
        // Delivered through the outbox, not only found by the reconciler: every event was finally sent.
        await Eventually.UntilAsync(
            async () => await AppDatabase.ScalarAsync<long>(topology, "SELECT count(*) FROM app.outbox WHERE payload->>'path' LIKE @prefix AND sent_at IS NOT NULL", cancellationToken, ("prefix", prefix + "/%")) == paths.Count,
            "the writer to publish the 20 queued events once the broker was back");
    }

    [Fact]
    [Step(3)]
    public async Task TheReaderIsUnhealthyButAliveWhileTheDatabaseIsDownAndRecoversByItself()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = own.Topology;

        await topology.StopResourceAsync(Postgres, cancellationToken);
        await AssertReaderUnhealthyButAliveAsync(topology, $"{Postgres} stopped");

        await RestartAsync(topology, Postgres, cancellationToken);

        await AssertReaderRecoversAsync(topology, $"{Postgres} started again");
        // And it works again, not only reports so.
        using var writer = WriterApi.For(topology);
        var path = $"integration/database-outage/{Guid.NewGuid():N}";
        var written = await Eventually.MatchesAsync(
            () => writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"after-db-{Guid.NewGuid():N}") }, cas: 0, cancellationToken: cancellationToken),
            r => r.Status != HttpStatusCode.ServiceUnavailable,
            "the writer to accept writes again after the database restart");
        Assert.True(written.Status == HttpStatusCode.OK, $"write after the database restart: {written}");
        await Eventually.UntilAsync(async () => (await AppDatabase.ReadVersionsAsync(topology, [path], cancellationToken)).Count == 1, $"the reader to read {path}");
    }

    [Fact]
    [Step(4)]
    public async Task TheWriterAnswers503WithRetryAfterWhileVaultIsDownAndRecordsNothing()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = own.Topology;
        using var writer = WriterApi.For(topology);
        var path = $"integration/vault-outage/{Guid.NewGuid():N}";

        await topology.StopResourceAsync(Topology.Vault, cancellationToken);
        var response = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"vault-down-{Guid.NewGuid():N}") }, cancellationToken: cancellationToken);

        Assert.True(response.Status == HttpStatusCode.ServiceUnavailable, $"write with Vault down: {response}");
        Assert.Equal("application/problem+json", response.Message.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Message.Headers.RetryAfter?.Delta is { } delay && delay > TimeSpan.Zero, $"Retry-After: {response.Message.Headers.RetryAfter}");
        Assert.Equal(0, await AppDatabase.TracesOfWriteAsync(topology, path, cancellationToken));
    }

    private static Task RestartAsync(Topology topology, string resource, CancellationToken cancellationToken) =>
        topology.BringBackAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);

    private static async Task AssertReaderUnhealthyButAliveAsync(Topology topology, string situation)
    {
        using var reader = topology.App.CreateHttpClient(Topology.Reader);
        await Eventually.MatchesAsync(() => HealthAsync(reader, "/health"), h => h.Status == HttpStatusCode.ServiceUnavailable, $"reader /health to answer 503 with {situation}");
        var alive = await HealthAsync(reader, "/alive");
        Assert.True(alive.Status == HttpStatusCode.OK, $"reader /alive with {situation}: {alive}");
    }

    private static async Task AssertReaderRecoversAsync(Topology topology, string situation)
    {
        using var reader = topology.App.CreateHttpClient(Topology.Reader);
        await Eventually.MatchesAsync(() => HealthAsync(reader, "/health"), h => h.Status == HttpStatusCode.OK, $"reader /health to answer 200 by itself with {situation}");
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
