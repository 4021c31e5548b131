using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Bootstrapper;

/// <summary>
/// The bootstrapper runs at every start of the system, against a Vault and a database it already set up: a second
/// run must change nothing (no policy, mount, role or grant rewritten, no password reset, which would lock Vault out
/// of its own database), and must leave alone credential files a service can still use.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class BootstrapperIdempotencyTests(SharedTopology shared)
{
    private sealed record FileState(string Content, DateTime LastWrite, UnixFileMode Mode);

    [Fact]
    public async Task ASecondRunChangesNothing()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        var before = await ConfigurationSnapshot.CaptureAsync(topology, cancellationToken);
        var filesBefore = ReadCredentialFiles(topology);
        var usableBefore = await UsableSecretIdFilesAsync(topology, cancellationToken);

        await RunAgainAsync(topology, cancellationToken);

        Assert.Empty(ConfigurationSnapshot.Differences(before, await ConfigurationSnapshot.CaptureAsync(topology, cancellationToken)));
        var filesAfter = ReadCredentialFiles(topology);
        foreach (var (path, state) in filesBefore)
        {
            // A wrapped secret id the service has already unwrapped is useless; only those may be replaced.
            var replaceable = path.EndsWith("secret-id", StringComparison.Ordinal) && !usableBefore.Contains(path);
            if (!replaceable)
            {
                Assert.True(state == filesAfter[path], $"{path} was rewritten although it was still usable");
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, filesAfter[path].Mode);
        }

        // And after the run, every service has a usable wrapped secret id waiting (for its next start).
        Assert.Equal(filesBefore.Keys.Where(p => p.EndsWith("secret-id", StringComparison.Ordinal)), (await UsableSecretIdFilesAsync(topology, cancellationToken)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARunAfterDeliveryLeavesEveryFileAndSecretIdAlone()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        // Brings every file to a usable state (the services may have unwrapped theirs), so the next run has nothing to do.
        await RunAgainAsync(topology, cancellationToken);
        var before = await ConfigurationSnapshot.CaptureAsync(topology, cancellationToken);
        var files = ReadCredentialFiles(topology);
        var accessors = await SecretIdAccessorsAsync(topology, cancellationToken);

        await RunAgainAsync(topology, cancellationToken);

        Assert.Empty(ConfigurationSnapshot.Differences(before, await ConfigurationSnapshot.CaptureAsync(topology, cancellationToken)));
        Assert.Equal(files, ReadCredentialFiles(topology));
        Assert.Equal(accessors, await SecretIdAccessorsAsync(topology, cancellationToken));
    }

    private static async Task RunAgainAsync(Topology topology, CancellationToken cancellationToken)
    {
        var run = await BootstrapperProcess.RunAgainAsync(topology, cancellationToken);
        Assert.True(run.ExitCode == 0, $"The second bootstrapper run exited {run.ExitCode}:\n{run.Output}");
    }

    private static SortedDictionary<string, FileState> ReadCredentialFiles(Topology topology)
    {
        var files = new SortedDictionary<string, FileState>(StringComparer.Ordinal);
        foreach (var service in ConfigurationSnapshot.Services)
        {
            foreach (var name in new[] { "role-id", "secret-id" })
            {
                var path = Path.Combine(topology.ServiceDirectory(service), name);
                files[path] = new FileState(File.ReadAllText(path), File.GetLastWriteTimeUtc(path), File.GetUnixFileMode(path));
            }
        }

        return files;
    }

    /// <summary>The secret-id files whose wrapping token Vault still knows (not yet unwrapped, not expired).</summary>
    private static async Task<IReadOnlyList<string>> UsableSecretIdFilesAsync(Topology topology, CancellationToken cancellationToken)
    {
        using var vault = topology.RootHttp();
        var usable = new List<string>();
        foreach (var service in ConfigurationSnapshot.Services)
        {
            var path = Path.Combine(topology.ServiceDirectory(service), "secret-id");
            var (status, body) = await vault.SendAsync(HttpMethod.Post, "sys/wrapping/lookup", new { token = File.ReadAllText(path).Trim() }, cancellationToken);
            if (status == HttpStatusCode.OK && body?["data"]?["creation_path"]?.GetValue<string>() == $"auth/approle/role/{service}/secret-id")
            {
                usable.Add(path);
            }
        }

        return usable;
    }

    private static async Task<string> SecretIdAccessorsAsync(Topology topology, CancellationToken cancellationToken)
    {
        using var vault = topology.RootHttp();
        var all = new List<string>();
        foreach (var service in ConfigurationSnapshot.Services)
        {
            all.Add($"{service}: {string.Join(",", await vault.ListAsync($"auth/approle/role/{service}/secret-id", cancellationToken))}");
        }

        return string.Join("; ", all);
    }
}
