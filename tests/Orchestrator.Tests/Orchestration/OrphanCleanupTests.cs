using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

public sealed class OrphanCleanupTests
{
    [Fact]
    public async Task ProcessesLeftByAKilledAppHostAreKilledAtTheNextStart()
    {
        var cancellationToken = TestTimeout.Token();
        using var stateRoot = new TemporaryDirectory();

        // Plays an AppHost: a process that owns a run's ledger and has started a child.
        await using var appHost = SupervisedProcess.Start(new ProcessSpec("/bin/sh", ["-c", "while :; do sleep 0.05; done"]), _ => { });
        var run = Path.Combine(stateRoot.Path, "killed-run");
        var ledger = ProcessLedger.Open(run, appHost.Id);
        var child = SupervisedProcess.Start(new ProcessSpec("/bin/sh", ["-c", "sleep 300 & exec sleep 301"]) { Ledger = ledger, DisplayName = "postgres" }, _ => { });
        var childTree = await PollAsync(() => ProcessTree.WithDescendants(child.Id) is { Count: >= 2 } tree ? tree : null, cancellationToken);

        // The AppHost is killed: nothing stops its children.
        UnixProcess.TrySignal(appHost.Id, UnixProcess.SigKill);
        await appHost.Exited.WaitAsync(cancellationToken);
        Assert.All(childTree, pid => Assert.True(ProcessTree.IsAlive(pid)));

        await using var next = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { StateRoot = stateRoot.Path, DashboardPort = 0, ReportProgress = false }).Build();

        Assert.All(childTree, pid => Assert.False(ProcessTree.IsAlive(pid), $"orphan {pid} survived the next start"));
        Assert.False(Directory.Exists(run), "the killed run's state directory should be removed");
    }

    [Fact]
    public async Task ARunWhoseAppHostIsAliveIsLeftAlone()
    {
        var cancellationToken = TestTimeout.Token();
        using var stateRoot = new TemporaryDirectory();
        var run = Path.Combine(stateRoot.Path, "live-run");
        var ledger = ProcessLedger.Open(run);
        await using var child = SupervisedProcess.Start(new ProcessSpec("/bin/sh", ["-c", "while :; do sleep 0.05; done"]) { Ledger = ledger, DisplayName = "worker" }, _ => { });

        await using var next = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { StateRoot = stateRoot.Path, DashboardPort = 0, ReportProgress = false }).Build();

        Assert.True(ProcessTree.IsAlive(child.Id));
        Assert.True(Directory.Exists(run));
        await child.StopAsync(TimeSpan.FromSeconds(5), cancellationToken);
    }

    private static async Task<T> PollAsync<T>(Func<T?> attempt, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            if (attempt() is { } result)
            {
                return result;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
