using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// An operator revoking every database lease (the incident response to a leaked credential) ends the services' users
/// and sessions at once. The services must get new users from Vault by themselves and lose no work: every write
/// accepted before or after is still read.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class LeaseRevocationTests(SharedTopology shared)
{
    [Fact]
    public async Task RevokingEveryDatabaseLeaseMidRunLosesNoWork()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        var prefix = $"integration/revocation/{Guid.NewGuid():N}";
        var expected = new List<string>();
        async Task WriteAsync(int i)
        {
            var path = $"{prefix}/{i}";
            var response = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"revocation-{i}-{Guid.NewGuid():N}") }, cancellationToken: cancellationToken);
            Assert.True(response.Status == HttpStatusCode.OK, $"write {i}: {response}");
            expected.Add($"{path}@1");
        }

        for (var i = 0; i < 5; i++)
        {
            await WriteAsync(i);
        }

        var before = await Eventually.MatchesAsync(
            () => AppDatabase.SessionsAsync(topology, cancellationToken),
            s => s.Any(x => x.Group == "app_writer") && s.Any(x => x.Group == "app_reader"),
            "sessions of both services before the revocation");

        using var vault = topology.RootHttp();
        var (status, body) = await vault.SendAsync(HttpMethod.Put, "sys/leases/revoke-prefix/database/creds", cancellationToken: cancellationToken);
        Assert.True(status is HttpStatusCode.NoContent or HttpStatusCode.OK, $"revoke-prefix answered {(int)status} {body?.ToJsonString()}");
        var revokedUsers = before.Select(s => s.User).ToArray();
        Assert.Equal(0, await AppDatabase.ScalarAsync<long>(topology, "SELECT count(*) FROM pg_roles WHERE rolname = ANY(@users)", cancellationToken, ("users", revokedUsers)));

        for (var i = 5; i < 15; i++)
        {
            await WriteAsync(i);
        }

        var userId = $"user-{Guid.NewGuid():N}";
        var registered = await writer.RegisterUserAsync(userId, "Dave", topology.Secret($"dave.{Guid.NewGuid():N}@example.com"), topology.Secret($"api-{Guid.NewGuid():N}"), cancellationToken);
        Assert.True(registered.Status == HttpStatusCode.Created, $"registration after the revocation: {registered}");
        expected.Add($"registered-users/{userId}@1");

        await Eventually.MatchesAsync(
            () => AppDatabase.ReadVersionsAsync(topology, expected.Select(e => e[..e.LastIndexOf('@')]), cancellationToken),
            read => read.SetEquals(expected),
            $"the reader to read all {expected.Count} versions written around the revocation");
        var after = await AppDatabase.SessionsAsync(topology, cancellationToken);
        Assert.All(after, s => Assert.DoesNotContain(s.User, revokedUsers));
    }
}
