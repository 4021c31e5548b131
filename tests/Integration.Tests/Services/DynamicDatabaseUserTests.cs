using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// Neither service has a database password of its own: every session they hold belongs to a short-lived v- user
/// Vault created for their role, joined only to their own group role.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class DynamicDatabaseUserTests(SharedTopology shared)
{
    [Fact]
    public async Task BothServicesQueryPostgresOnlyAsVaultIssuedUsers()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        // A write and its read make both services open connections (their pools then keep them).
        var path = $"integration/db-users/{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"v-{Guid.NewGuid():N}") }, cancellationToken: cancellationToken)).Status);
        await Eventually.UntilAsync(async () => (await AppDatabase.ReadVersionsAsync(topology, [path], cancellationToken)).Count == 1, $"the reader to read {path}");

        var sessions = await Eventually.MatchesAsync(
            () => AppDatabase.SessionsAsync(topology, cancellationToken),
            s => s.Any(x => x.Group == "app_writer") && s.Any(x => x.Group == "app_reader"),
            "sessions of both services in pg_stat_activity");

        Assert.All(sessions, s => Assert.StartsWith("v-", s.User));
        Assert.All(sessions, s => Assert.Contains(s.Group, new[] { "app_writer", "app_reader" }));
    }
}
