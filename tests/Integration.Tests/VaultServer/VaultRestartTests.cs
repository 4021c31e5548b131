using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.VaultServer;

/// <summary>
/// Vault in server mode keeps what it holds between runs of the AppHost: stop the whole AppHost, start a new one on
/// the same state directory, and the AppHost unseals Vault with the keys it kept, the bootstrapper finds everything in
/// place, and the writer and reader log in again and carry on, with no manual step.
/// </summary>
public sealed class VaultRestartTests
{
    [Fact]
    public async Task ASecretWrittenInOneRunIsReadByTheReaderInTheNext()
    {
        var stateRoot = Directory.CreateTempSubdirectory("vaultdemo-restart-").FullName;
        try
        {
            var path = $"integration/restart/{Guid.NewGuid():N}";
            var first = $"first-run-{Guid.NewGuid():N}";
            string rootToken;
            SortedDictionary<string, string> configured;
            await using (var topology = await Topology.StartAsync(stateRoot: stateRoot))
            {
                var cancellationToken = TestTimeout.Token();
                rootToken = topology.RootToken;
                configured = await ConfigurationSnapshot.CaptureAsync(topology, cancellationToken);
                // With the reader stopped, only the next run's reader can read what is written now.
                await topology.StopResourceAsync(Topology.Reader, cancellationToken);
                using var writer = WriterApi.For(topology);
                var written = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret(first) }, cas: 0, cancellationToken: cancellationToken);
                Assert.True(written.Status == HttpStatusCode.OK, $"write in the first run: {written}");
            }

            // Started means: Vault unsealed, the bootstrapper exited 0, the writer and reader logged in and are healthy.
            await using (var topology = await Topology.StartAsync(stateRoot: stateRoot))
            {
                var cancellationToken = TestTimeout.Token();
                Assert.True(topology.RootToken == rootToken, "the second run has another root token: Vault was initialised again");
                // The first run's AppRole logins and broker data went with it: only this run's directory is left.
                Assert.Single(Directory.GetDirectories(Path.Combine(stateRoot, "runs")));
                var differences = ConfigurationSnapshot.Differences(WithoutDatabaseAddress(configured), WithoutDatabaseAddress(await ConfigurationSnapshot.CaptureAsync(topology, cancellationToken)));
                Assert.True(differences.Count == 0, $"the second run's bootstrapper changed what the first set up:\n{string.Join('\n', differences)}");

                // The reader of the new run reads the first run's secret (its reconciler finds it in Vault's listing).
                await Eventually.MatchesAsync(
                    () => AppDatabase.ReadVersionsAsync(topology, [path], cancellationToken),
                    versions => versions.SetEquals([$"{path}@1"]),
                    $"the second run's reader to read {path}@1, written in the first run");
                using var root = topology.RootHttp();
                var stored = await root.ReadDataAsync($"secret/data/apps/{path}", cancellationToken);
                Assert.True(stored["data"]?["k"]?.GetValue<string>() == first, $"Vault's {path} is not what the first run wrote");

                // And the writer carries on where the first run left off.
                using var writer = WriterApi.For(topology);
                var second = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"second-run-{Guid.NewGuid():N}") }, cas: 1, cancellationToken: cancellationToken);
                Assert.True(second.Status == HttpStatusCode.OK, $"write in the second run: {second}");
                await Eventually.MatchesAsync(
                    () => AppDatabase.ReadVersionsAsync(topology, [path], cancellationToken),
                    versions => versions.SetEquals([$"{path}@1", $"{path}@2"]),
                    $"the second run's reader to read {path}@2");
            }
        }
        finally
        {
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    /// <summary>
    /// PostgreSQL gets another port each run, so the bootstrapper points Vault's database connection at the new one,
    /// with a fresh vault_admin password: those two entries change by design, everything else must not.
    /// </summary>
    private static SortedDictionary<string, string> WithoutDatabaseAddress(SortedDictionary<string, string> snapshot) =>
        new(snapshot.Where(item => item.Key is not ("vault database/config/appdb" or "postgres roles")).ToDictionary(), StringComparer.Ordinal);
}
