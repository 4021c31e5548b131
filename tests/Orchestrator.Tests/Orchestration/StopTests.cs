using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Processes;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

public sealed class StopTests
{
    [Fact]
    public async Task StoppingSignalsDependantsBeforeTheirDependencies()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var database = builder.AddShell("database", TestApplications.RunUntilTerminated);
        var service = builder.AddShell("service", TestApplications.RunUntilTerminated).WaitFor(database);
        builder.AddShell("frontend", TestApplications.RunUntilTerminated).WaitFor(service);
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForResourceHealthyAsync("frontend", cancellationToken);
        // Each shell must have installed its trap before it is signalled.
        await Task.WhenAll(new[] { "database", "service", "frontend" }.Select(n => app.WaitForOutputAsync(n, "started", cancellationToken)));
        var pids = new[] { "database", "service", "frontend" }.Select(n => app.Snapshot(n).ProcessId!.Value).ToList();

        await app.StopAsync(cancellationToken);

        var stopping = new[] { "frontend", "service", "database" }
            .Select(name => app.ResourceLogs.GetLines(name).Single(l => l.Line.Text == "stopping").Line.Timestamp)
            .ToList();
        Assert.Equal(stopping.Order(), stopping);
        Assert.All(["database", "service", "frontend"], name => Assert.Equal((ResourceState.Exited, 0), (app.Snapshot(name).State, app.Snapshot(name).ExitCode)));
        Assert.All(pids, pid => Assert.False(ProcessTree.IsAlive(pid), $"process {pid} outlived the stop"));
    }

    [Fact]
    public async Task StoppingKillsTheWholeProcessTreeOfAProcessThatIgnoresTheSignal()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        // Ignores SIGTERM, and has a child of its own.
        builder.AddShell("stubborn", "trap '' TERM; sleep 300 & echo started; while :; do sleep 0.05; done");
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForOutputAsync("stubborn", "started", cancellationToken);
        var tree = ProcessTree.WithDescendants(app.Snapshot("stubborn").ProcessId!.Value);
        Assert.True(tree.Count >= 2, "expected the shell and its sleep child");

        await app.StopAsync(cancellationToken);

        Assert.Equal(ResourceState.Exited, app.Snapshot("stubborn").State);
        Assert.All(tree, pid => Assert.False(ProcessTree.IsAlive(pid), $"process {pid} outlived the stop"));
    }

    [Fact]
    public async Task AProcessThatExitsLeavingAChildBehindFinishesAndTheChildIsKilled()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("leaver", "sleep 300 & echo \"child=$!\"; exit 0");
        await using var app = await builder.StartAsync(cancellationToken);

        var line = await app.WaitForOutputAsync("leaver", "child=", cancellationToken);
        var finished = await app.WaitForStateAsync("leaver", ResourceState.Finished, cancellationToken);

        Assert.Equal(0, finished.Snapshot.ExitCode);
        Assert.False(ProcessTree.IsAlive(int.Parse(line["child=".Length..], System.Globalization.CultureInfo.InvariantCulture)), "the child left behind should be killed");
    }
}
