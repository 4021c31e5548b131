using System.Diagnostics;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Hosting.Postgres;
using VaultDemo.Orchestrator.Hosting.RabbitMQ;
using VaultDemo.Orchestrator.Hosting.Vault;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Bench.Orchestration;

/// <summary>
/// Does orchestration cost startup time? Candidate: the AppHost's whole topology (its own Program.cs,
/// through the testing builder), from start until every resource is healthy or has completed with 0.
/// Baseline: the slowest infrastructure resource (PostgreSQL with its database, RabbitMQ, Vault) started
/// alone in the same run. Everything else starts in parallel or after a dependency, so an orchestrator
/// that adds nothing lands near 1x. Target: at most 1.3x. Nothing is built during the measurement.
/// </summary>
public sealed class StartupBenchmark : IBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public string Name => "orchestrator";

    public string Description => "AppHost topology start to all healthy vs the slowest resource started alone (target <= 1.3x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        // One unmeasured start warms the disk cache and the JIT, as a developer's second run would be.
        await TimeAloneAsync(b => b.AddPostgres("postgres"), "postgres", cancellationToken);

        var alone = new List<(string Name, TimeSpan Elapsed)>
        {
            ("postgres+appdb", await TimeAloneAsync(b => b.AddPostgres("postgres").AddDatabase("appdb"), "appdb", cancellationToken)),
            ("messaging", await TimeAloneAsync(b => b.AddRabbitMQ("messaging"), "messaging", cancellationToken)),
            ("vault", await TimeAloneAsync(b => b.AddVault("vault", devVault: new Projects.DevVault()), "vault", cancellationToken)),
        };
        var slowest = alone.MaxBy(r => r.Elapsed);
        var whole = await TimeTopologyAsync(report, cancellationToken);

        report.Info($"alone: {string.Join(", ", alone.Select(r => $"{r.Name} {r.Elapsed.TotalSeconds:0.00}s"))}");
        report.Ratio($"whole topology healthy vs {slowest.Name} alone", whole.TotalSeconds, slowest.Elapsed.TotalSeconds, "s", target: 1.3, higherIsBetter: false);
    }

    private static async Task<TimeSpan> TimeAloneAsync(Action<IDistributedApplicationBuilder> addResource, string resourceName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var builder = DistributedApplicationTestingBuilder.Create();
        addResource(builder);
        await using var app = await builder.BuildAsync(timeout.Token);
        var clock = Stopwatch.StartNew();
        await app.StartAsync(timeout.Token);
        await app.WaitForResourceHealthyAsync(resourceName, timeout.Token).ConfigureAwait(false);
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> TimeTopologyAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(cancellationToken: timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        var clock = Stopwatch.StartNew();
        await app.StartAsync(timeout.Token);
        // A run-once resource (the bootstrapper) counts when it has finished, not while it runs.
        var runOnce = builder.Resources.SelectMany(r => r.Annotations.OfType<WaitAnnotation>()).Where(w => w.Behavior == WaitBehavior.UntilCompleted).Select(w => w.Resource).ToHashSet();
        var settled = builder.Resources.Where(r => r is not ParameterResource).Select(async r =>
        {
            var reached = await app.ResourceNotifications.WaitForResourceAsync(
                r.Name, e => (e.Snapshot.IsHealthy && !runOnce.Contains(r)) || e.Snapshot.State.IsTerminal(), timeout.Token);
            if (!reached.Snapshot.IsHealthy && reached.Snapshot is not { State: ResourceState.Finished, ExitCode: 0 })
            {
                throw new InvalidOperationException($"'{r.Name}' did not come up: {reached.Snapshot.State}, exit code {reached.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, {reached.Snapshot.Message}");
            }

            report.Info($"{r.Name}: {reached.Snapshot.State} at {clock.Elapsed.TotalSeconds:0.00}s");
        });
        await Task.WhenAll(settled);
        return clock.Elapsed;
    }
}
