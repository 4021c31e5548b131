using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Orchestration;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

public sealed class FailurePropagationTests
{
    [Fact]
    public async Task ADependantOfAFailedResourceFailsNamingIt()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var setup = builder.AddShell("setup", "echo cannot set up >&2; exit 3");
        var service = builder.AddShell("service", TestApplications.RunUntilTerminated).WaitForCompletion(setup);
        builder.AddShell("frontend", TestApplications.RunUntilTerminated).WaitFor(service);
        await using var app = await builder.StartAsync(cancellationToken);

        var frontend = await app.WaitForStateAsync("frontend", ResourceState.FailedToStart, cancellationToken);

        var setupSnapshot = app.Snapshot("setup");
        Assert.Equal((ResourceState.Finished, 3), (setupSnapshot.State, setupSnapshot.ExitCode));
        var serviceSnapshot = app.Snapshot("service");
        Assert.Equal(ResourceState.FailedToStart, serviceSnapshot.State);
        Assert.Contains("'setup'", serviceSnapshot.Message);
        Assert.Contains("exit code 3", serviceSnapshot.Message);
        Assert.Contains("'service'", frontend.Snapshot.Message);
        Assert.Null(serviceSnapshot.ProcessId);
        Assert.Contains(app.ResourceLogs.GetLines("setup"), l => l.Line is { IsError: true, Text: "cannot set up" });
    }

    [Fact]
    public async Task WaitingForHealthFailsWhenTheDependencyExits()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var crashing = builder.AddShell("crashing", "exit 1").WithHttpEndpoint().WithHttpHealthCheck();
        builder.AddShell("dependant", TestApplications.RunUntilTerminated).WaitFor(crashing);
        await using var app = await builder.StartAsync(cancellationToken);

        var dependant = await app.WaitForStateAsync("dependant", ResourceState.FailedToStart, cancellationToken);

        Assert.Equal("dependency 'crashing' failed: it is Finished with exit code 1", dependant.Snapshot.Message);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WaitForResourceHealthyAsync("dependant", cancellationToken));
        Assert.Contains("crashing", error.Message);
    }

    [Fact]
    public async Task AMissingProgramMakesTheResourceRuntimeUnhealthyWithTheCommandToRun()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var resource = new ExecutableResource("needs-tool", "tool", Path.GetTempPath());
        resource.Annotations.Add(new LauncherAnnotation(new MissingToolLauncher()));
        var needsTool = builder.AddResource(resource);
        builder.AddShell("user", TestApplications.RunUntilTerminated).WaitFor(needsTool);
        await using var app = await builder.StartAsync(cancellationToken);

        var user = await app.WaitForStateAsync("user", ResourceState.FailedToStart, cancellationToken);

        var snapshot = app.Snapshot("needs-tool");
        Assert.Equal(ResourceState.RuntimeUnhealthy, snapshot.State);
        Assert.Contains("sudo apt-get install -y some-tool", snapshot.Message);
        Assert.Contains("'needs-tool'", user.Snapshot.Message);
    }

    private sealed class MissingToolLauncher : ResourceLauncher
    {
        public override async Task<RunningResource> LaunchAsync(LaunchContext context, CancellationToken cancellationToken)
        {
            var installer = new PackageInstaller(new RecordingCommandRunner(), canInstall: false, "apt-get", _ => { });
            await installer.EnsureAsync(new RequiredBinary("Some tool", "some-tool", () => null), cancellationToken);
            throw new InvalidOperationException("unreachable: the installer must refuse");
        }
    }
}
