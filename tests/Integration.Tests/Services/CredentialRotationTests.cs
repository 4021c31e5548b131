using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// With database users living seconds instead of hours (and tokens not much longer), the services must keep replacing
/// them underneath running work: writes keep succeeding and every one is read, through several generations of
/// v- users per service. Needs a topology of its own, started with those lifetimes.
/// </summary>
public sealed class CredentialRotationTests : IAsyncLifetime
{
    private const int Rotations = 3;
    private Topology _topology = null!;

    public async Task InitializeAsync() => _topology = await Topology.StartAsync(new Dictionary<string, string>
    {
        ["db-ttl"] = "4s",
        ["db-max-ttl"] = "12s",
        ["token-ttl"] = "6s",
        ["token-max-ttl"] = "20s",
    });

    public Task DisposeAsync() => _topology.DisposeAsync().AsTask();

    [Fact]
    public async Task WritesAndReadsSucceedThroughThreeRotationsOfEachServicesUser()
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        var cancellationToken = timeout.Token;
        using var writer = WriterApi.For(_topology);
        var prefix = $"integration/rotation/{Guid.NewGuid():N}";
        var users = new Dictionary<string, HashSet<string>> { ["app_writer"] = [], ["app_reader"] = [] };
        var written = new List<string>();

        // Keep both services busy and watch who they connect as, until each has had Rotations + 1 distinct users.
        await Eventually.MatchesAsync(
            async () =>
            {
                var path = $"{prefix}/{written.Count}";
                var response = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = $"rotation-{written.Count}" }, cancellationToken: cancellationToken);
                Assert.True(response.Status == HttpStatusCode.OK, $"write {written.Count} after users {Describe(users)}: {response}\nThe writer's last output:\n{string.Join('\n', _topology.Output.Of(Topology.Writer).TakeLast(30))}");
                written.Add(path);
                foreach (var (user, group) in await AppDatabase.SessionsAsync(_topology, cancellationToken))
                {
                    Assert.StartsWith("v-", user);
                    users[group].Add(user);
                }

                return new Observed(users);
            },
            o => o.Users.Values.All(set => set.Count > Rotations),
            $"{Rotations} rotations of each service's database user",
            TimeSpan.FromSeconds(100));

        await Eventually.MatchesAsync(
            () => AppDatabase.ReadVersionsAsync(_topology, written, cancellationToken),
            read => read.Count == written.Count,
            $"the reader to read all {written.Count} versions written across the rotations");
    }

    private static string Describe(Dictionary<string, HashSet<string>> users) =>
        string.Join("; ", users.Select(u => $"{u.Key}: {u.Value.Count} users"));

    /// <summary>What a timeout reports: how many distinct users each service was seen with.</summary>
    private sealed record Observed(Dictionary<string, HashSet<string>> Users)
    {
        public override string ToString() => Describe(Users);
    }
}
