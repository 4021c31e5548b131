using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.VaultServer;

/// <summary>The in-memory dev server stays one parameter away (<c>vault-mode=dev</c>), and a mode that is neither stops the AppHost.</summary>
public sealed class VaultModeTests
{
    [Fact]
    public async Task TheDevModeParameterRunsTheWholeSystemOnTheInMemoryDevServer()
    {
        await using var topology = await Topology.StartAsync(parameters: new Dictionary<string, string> { ["vault-mode"] = "dev" });
        var cancellationToken = TestTimeout.Token();

        // A dev server: in memory, and with nothing of init kept, since there was none.
        using var root = topology.RootHttp();
        var (status, sealStatus) = await root.SendAsync(HttpMethod.Get, "sys/seal-status", cancellationToken: cancellationToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("inmem", sealStatus?["storage_type"]?.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(topology.StateRoot, "vault", "unseal-keys")), "a dev server left unseal keys behind");

        using var writer = WriterApi.For(topology);
        var path = $"integration/dev-mode/{Guid.NewGuid():N}";
        var written = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"dev-{Guid.NewGuid():N}") }, cancellationToken: cancellationToken);
        Assert.True(written.Status == HttpStatusCode.OK, $"write: {written}");
        await Eventually.MatchesAsync(
            () => AppDatabase.ReadVersionsAsync(topology, [path], cancellationToken),
            versions => versions.SetEquals([$"{path}@1"]),
            $"the reader to record {path}@1");
    }

    [Fact]
    public async Task AModeThatIsNeitherServerNorDevStopsTheAppHostNamingTheParameter()
    {
        var cancellationToken = TestTimeout.Token();
        var thrown = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Parameters:vault-mode=production"], cancellationToken));

        var reason = ExceptionCauses.Of(thrown).OfType<DistributedApplicationException>().FirstOrDefault();
        Assert.True(reason is not null, $"no DistributedApplicationException in: {thrown}");
        Assert.Contains("'vault-mode'", reason.Message, StringComparison.Ordinal);
        Assert.Contains("'production'", reason.Message, StringComparison.Ordinal);
    }
}
