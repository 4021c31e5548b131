using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Hosting.Vault;
using VaultDemo.Orchestrator.Testing;
using VaultDemo.Orchestrator.Tests.Orchestration;

namespace VaultDemo.Orchestrator.Tests.Hosting;

/// <summary>Which server AddVault runs and with which flags; DevVault itself is exercised by the whole-topology tests.</summary>
[Collection(nameof(PathChangingTests))]
public sealed class VaultResourceTests
{
    [Fact]
    public async Task AVaultBinaryOnPathRunsInDevModeOnLoopbackWithTheRootTokenParameter()
    {
        var cancellationToken = TestTimeout.Token();
        using var directory = new TemporaryDirectory();
        // A stand-in 'vault' that reports how it was called and then serves nothing, so it stays unhealthy.
        var fake = Path.Combine(directory.Path, "vault");
        File.WriteAllText(fake, "#!/bin/sh\necho \"args: $*\"\n" + TestApplications.RunUntilTerminated + "\n");
        File.SetUnixFileMode(fake, (UnixFileMode)0b111_101_101);
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", $"{directory.Path}:{path}");
        try
        {
            var builder = DistributedApplicationTestingBuilder.Create();
            builder.Configuration["Parameters:vault-root-token"] = "dev-root-token-for-test";
            var vault = builder.AddVault("vault");
            await using var app = await builder.StartAsync(cancellationToken);

            var line = await app.WaitForOutputAsync("vault", "args:", cancellationToken);
            var unhealthy = await app.ResourceNotifications.WaitForResourceAsync("vault", e => e.Snapshot.HealthReports.Count > 0, cancellationToken);

            var port = new Uri(vault.Resource.Endpoint.Url).Port;
            // The token itself is masked in captured output, as any secret parameter value is.
            Assert.Equal($"args: server -dev -dev-root-token-id=******** -dev-listen-address=127.0.0.1:{port}", line);
            Assert.Equal(vault.Resource.Endpoint.Url, await app.GetConnectionStringAsync("vault", cancellationToken));
            Assert.Equal("sys/health", unhealthy.Snapshot.HealthReports.Single().Name);
            Assert.NotEqual(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, unhealthy.Snapshot.HealthStatus);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [Fact]
    public async Task WithoutAVaultBinaryOrDevVaultTheResourceSaysWhatIsMissing()
    {
        var cancellationToken = TestTimeout.Token();
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", "/nonexistent");
        try
        {
            var builder = DistributedApplicationTestingBuilder.Create();
            builder.AddVault("vault");
            await using var app = await builder.StartAsync(cancellationToken);

            var failed = await app.WaitForStateAsync("vault", ResourceState.RuntimeUnhealthy, cancellationToken);

            Assert.Contains("Neither 'vault' nor 'bao' is on PATH", failed.Snapshot.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}

/// <summary>Tests that change the process's PATH run one at a time.</summary>
[CollectionDefinition(nameof(PathChangingTests), DisableParallelization = true)]
public sealed class PathChangingTests;
