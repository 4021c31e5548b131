using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Processes;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

public sealed class ResourceCommandTests
{
    /// <summary>Prints its port and a marker, so a restart can be seen to get the same environment.</summary>
    private const string ReportsItsEnvironment = "trap 'echo stopping; exit 0' TERM; echo \"started port=$PORT marker=$MARKER\"; while :; do sleep 0.05; done";

    [Fact]
    public async Task StoppingAResourceLeavesTheResourcesThatWaitForItRunning()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var database = builder.AddShell("database", TestApplications.RunUntilTerminated);
        builder.AddShell("service", TestApplications.RunUntilTerminated).WaitFor(database);
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForResourceHealthyAsync("service", cancellationToken);
        await app.WaitForOutputAsync("database", "started", cancellationToken);
        var databasePid = app.Snapshot("database").ProcessId!.Value;
        var servicePid = app.Snapshot("service").ProcessId!.Value;

        await app.StopResourceAsync("database", cancellationToken);

        Assert.Equal((ResourceState.Exited, 0), (app.Snapshot("database").State, app.Snapshot("database").ExitCode));
        Assert.False(ProcessTree.IsAlive(databasePid), "the stopped resource's process is still alive");
        Assert.Equal(ResourceState.Running, app.Snapshot("service").State);
        Assert.True(ProcessTree.IsAlive(servicePid), "the dependant was stopped with its dependency");
        Assert.DoesNotContain(app.ResourceLogs.GetLines("service"), l => l.Line.Text == "stopping");
    }

    [Fact]
    public async Task AResourceStartedAgainGetsTheSameEnvironmentAndItsLogContinues()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("worker", ReportsItsEnvironment).WithHttpEndpoint(env: "PORT").WithEnvironment("MARKER", "first-start");
        await using var app = await builder.StartAsync(cancellationToken);
        var first = await app.WaitForOutputAsync("worker", "started", cancellationToken);
        var firstPid = app.Snapshot("worker").ProcessId!.Value;

        await app.StopResourceAsync("worker", cancellationToken);
        await app.StartResourceAsync("worker", cancellationToken);

        Assert.Equal(ResourceState.Running, app.Snapshot("worker").State);
        await app.WaitForResourceHealthyAsync("worker", cancellationToken);
        var started = await WaitForOutputCountAsync(app, "worker", "started", 2, cancellationToken);
        Assert.All(started, line => Assert.Equal(first, line.Line.Text));
        var secondPid = app.Snapshot("worker").ProcessId!.Value;
        Assert.NotEqual(firstPid, secondPid);

        await app.StopAsync(cancellationToken);
        Assert.Equal(ResourceState.Exited, app.Snapshot("worker").State);
        Assert.False(ProcessTree.IsAlive(secondPid), "the restarted process outlived the application");
    }

    [Fact]
    public async Task AResourceThatFinishedOnItsOwnCanBeStartedAgain()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("job", "echo ran; exit 3");
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForStateAsync("job", ResourceState.Finished, cancellationToken);

        await app.StartResourceAsync("job", cancellationToken);

        await WaitForOutputCountAsync(app, "job", "ran", 2, cancellationToken);
        var finished = await app.WaitForStateAsync("job", ResourceState.Finished, cancellationToken);
        Assert.Equal(3, finished.Snapshot.ExitCode);
    }

    [Fact]
    public async Task ResourceCommandsNameAnUnknownResource()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("worker", TestApplications.RunUntilTerminated);
        await using var app = await builder.StartAsync(cancellationToken);

        var stop = await Assert.ThrowsAsync<ArgumentException>(() => app.StopResourceAsync("no-such-resource", cancellationToken));
        var start = await Assert.ThrowsAsync<ArgumentException>(() => app.StartResourceAsync("no-such-resource", cancellationToken));

        Assert.Contains("'no-such-resource'", stop.Message, StringComparison.Ordinal);
        Assert.Contains("'no-such-resource'", start.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartingARunningResourceOrStoppingAStoppedOneIsRefused()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("worker", TestApplications.RunUntilTerminated);
        builder.AddParameter("setting", "value");
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForResourceHealthyAsync("worker", cancellationToken);

        var startRunning = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartResourceAsync("worker", cancellationToken));
        await app.StopResourceAsync("worker", cancellationToken);
        var stopStopped = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StopResourceAsync("worker", cancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.StopResourceAsync("setting", cancellationToken));

        Assert.Contains("Running", startRunning.Message, StringComparison.Ordinal);
        Assert.Contains("Exited", stopStopped.Message, StringComparison.Ordinal);
        Assert.Equal(ResourceState.Exited, app.Snapshot("worker").State);
    }

    /// <summary>Waits until the resource has written <paramref name="count"/> lines containing <paramref name="text"/>.</summary>
    private static async Task<List<ResourceLogLine>> WaitForOutputCountAsync(DistributedApplication app, string resourceName, string text, int count, CancellationToken cancellationToken)
    {
        var matches = new List<ResourceLogLine>();
        await foreach (var line in app.ResourceLogs.WatchAsync(resourceName, cancellationToken))
        {
            if (line.Line.Text.Contains(text, StringComparison.Ordinal))
            {
                matches.Add(line);
                if (matches.Count == count)
                {
                    return matches;
                }
            }
        }

        throw new OperationCanceledException($"'{resourceName}' never wrote '{text}' {count} times.");
    }
}
