using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Bootstrapper;

/// <summary>
/// The bootstrapper runs at every start of the system, against a Vault and a database it already set up: a second
/// run must change nothing (no policy, mount, role or grant rewritten, no password reset, which would lock Vault out
/// of its own database). Logins are the AppHost's business: a run creates no secret id and touches no credential file.
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
