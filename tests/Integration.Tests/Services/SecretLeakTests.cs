using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// Console output ends up in log files, dashboards and support tickets: no secret this system handles may appear in
/// the captured output of any resource, whether a value written through the API, the root token, an infrastructure
/// password, or the AppRole credentials the bootstrapper delivered.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class SecretLeakTests(SharedTopology shared)
{
    [Fact]
    public async Task NoResourceOutputContainsASecret()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        // This test's own traffic, so the check never depends on which other tests ran first.
        var path = $"integration/leaks/{Guid.NewGuid():N}";
        var userId = $"user-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await writer.PutSecretAsync(path, new Dictionary<string, string> { ["password"] = topology.Secret($"leak-canary-{Guid.NewGuid():N}") }, cancellationToken: cancellationToken)).Status);
        Assert.Equal(HttpStatusCode.Created, (await writer.RegisterUserAsync(userId, "Carol", topology.Secret($"carol.{Guid.NewGuid():N}@example.com"), topology.Secret($"api-canary-{Guid.NewGuid():N}"), cancellationToken)).Status);
        await Eventually.UntilAsync(
            async () => (await AppDatabase.ReadVersionsAsync(topology, [path, $"registered-users/{userId}"], cancellationToken)).Count == 2,
            "the reader to read this test's secret and user");
        // Its log line for this very read proves the scan below looks at live, current output, not an empty buffer.
        await Eventually.UntilAsync(
            () => Task.FromResult(topology.Output.Of(Topology.Reader).Any(line => line.Contains(path, StringComparison.Ordinal))),
            $"the reader's output to mention {path}");

        var secrets = new Dictionary<string, string>
        {
            ["root token"] = topology.RootToken,
            ["postgres password"] = topology.PostgresPassword,
            ["messaging password"] = topology.MessagingPassword,
        };
        foreach (var (credential, i) in topology.DeliveredCredentials.Concat(CurrentCredentialFiles(topology)).Select((c, i) => (c, i)))
        {
            secrets[$"delivered AppRole credential #{i}"] = credential;
        }

        foreach (var (value, i) in topology.SecretValuesSent.Select((v, i) => (v, i)))
        {
            secrets[$"secret value #{i} sent through the writer"] = value;
        }

        var leaks = topology.AllOutput()
            .SelectMany(line => secrets.Where(s => line.Line.Contains(s.Value, StringComparison.Ordinal)).Select(s => $"{s.Key} in the output of {line.Resource}"))
            .Distinct()
            .ToList();
        Assert.Empty(leaks);
    }

    private static IEnumerable<string> CurrentCredentialFiles(Topology topology) =>
        from service in new[] { Topology.Writer, Topology.Reader }
        from file in new[] { "role-id", "secret-id" }
        select File.ReadAllText(Path.Combine(topology.ServiceDirectory(service), file)).Trim();
}
