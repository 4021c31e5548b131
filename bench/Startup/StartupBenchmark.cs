using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using VaultDemo.Hosting.Containers;
using VaultDemo.Hosting.Vault;
using VaultDemo.TestSupport;

namespace VaultDemo.Bench.Startup;

/// <summary>
/// Does orchestration cost startup time? Candidate: the AppHost's whole topology (its own Program.cs, through
/// Aspire's testing builder and DCP), from start until every resource is healthy or has completed with 0.
/// Baseline: the slowest infrastructure resource (the PostgreSQL container with its database, the RabbitMQ
/// container, Vault) started alone by DCP in the same run. Everything else starts in parallel or after a
/// dependency, so orchestration that adds nothing lands near 1x. Target: at most 1.3x. Images are built (and
/// podman prepared) by an unmeasured first start, whose time is printed: that is what a first run costs.
/// </summary>
public sealed class StartupBenchmark : IBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    public string Name => "orchestrator";

    public string Description => "AppHost topology start to all healthy vs the slowest resource started alone (target <= 1.3x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        // Unmeasured: builds what is missing (images, podman's set-up) and warms the disk cache and the JIT.
        var first = await TimeAloneAsync(b => b.AddRabbitMQ("messaging").WithContainerfile(RepositoryPaths.Containerfile("rabbitmq")), "messaging", cancellationToken);
        var firstPostgres = await TimeAloneAsync(b => b.AddPostgres("postgres").WithContainerfile(RepositoryPaths.Containerfile("postgres")), "postgres", cancellationToken);
        report.Info($"first starts (images built if missing): messaging {first.Elapsed.TotalSeconds:0.0}s, postgres {firstPostgres.Elapsed.TotalSeconds:0.0}s");

        var alone = new List<(string Name, StartTiming Timing)>
        {
            ("postgres+appdb", await TimeAloneAsync(b => b.AddPostgres("postgres").WithContainerfile(RepositoryPaths.Containerfile("postgres")).AddDatabase("appdb"), "appdb", cancellationToken)),
            ("messaging", await TimeAloneAsync(b => b.AddRabbitMQ("messaging").WithContainerfile(RepositoryPaths.Containerfile("rabbitmq")), "messaging", cancellationToken)),
            // In server mode, as the AppHost runs it: its storage database, init and unseal are part of its start.
            ("vault", await TimeAloneAsync(b => b.AddVault("vault", devVault: new Projects.DevVault(), storage: b.AddPostgres("postgres").WithContainerfile(RepositoryPaths.Containerfile("postgres")).AddDatabase("vault-storage", "vault")), "vault", cancellationToken)),
        };
        var slowest = alone.MaxBy(r => r.Timing.Elapsed);
        var whole = await TimeTopologyAsync(report, cancellationToken);

        report.Info($"alone: {string.Join(", ", alone.Select(r => $"{r.Name} {r.Timing.Elapsed.TotalSeconds:0.00}s"))}");
        report.Info($"machine CPU while {slowest.Name} started alone: {slowest.Timing.Cpu}");
        report.Info($"machine CPU while the whole topology started: {whole.Cpu}");
        report.Ratio($"whole topology healthy vs {slowest.Name} alone", whole.Elapsed.TotalSeconds, slowest.Timing.Elapsed.TotalSeconds, "s", target: 1.3, higherIsBetter: false);
    }

    private static async Task<StartTiming> TimeAloneAsync(Action<IDistributedApplicationTestingBuilder> addResource, string resourceName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var state = new TemporaryStateDirectory();
        var builder = DistributedApplicationTestingBuilder.Create(state.Argument);
        builder.PrepareContainerRuntime();
        addResource(builder);
        await using var app = await builder.BuildAsync(timeout.Token);
        var cpu = MachineCpu.Read();
        var clock = Stopwatch.StartNew();
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, timeout.Token);
        return new StartTiming(clock.Elapsed, MachineCpu.Describe(cpu, clock.Elapsed));
    }

    private static async Task<StartTiming> TimeTopologyAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        // A fresh state directory: a first start (Vault initialised, the schema created) every run, so runs compare.
        using var state = new TemporaryStateDirectory();
        // With the dashboard, as `dotnet run --project AppHost` starts it: without one, every .NET resource's last
        // telemetry export waits out its timeout on exit, and the run-once bootstrapper would look 15 s slower.
        string[] arguments = [state.Argument, .. DashboardEndpoints.FreePortSettings().Select(s => $"--{s.Key}={s.Value}")];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            arguments, (options, _) => options.DisableDashboard = false, timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        // A run-once resource (the bootstrapper) counts when it has finished, not while it runs.
        var clock = new Stopwatch();
        var runOnce = builder.Resources.SelectMany(r => r.Annotations.OfType<WaitAnnotation>()).Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource).ToHashSet();
        var settled = builder.Resources.Where(r => r is not ParameterResource).Select(async r =>
        {
            var reached = await app.ResourceNotifications.WaitForResourceAsync(
                r.Name,
                // Hidden resources (the image rebuilders Aspire adds for Containerfiles) never run on their own.
                e => e.Snapshot.IsHidden
                    || (e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy && !runOnce.Contains(r))
                    || KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text),
                timeout.Token);
            if (KnownResourceStates.TerminalStates.Contains(reached.Snapshot.State?.Text) && reached.Snapshot.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{r.Name}' did not come up: {reached.Snapshot.State?.Text}, exit code {reached.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            }

            if (!reached.Snapshot.IsHidden)
            {
                report.Info($"{r.Name}: {reached.Snapshot.State?.Text} at {clock.Elapsed.TotalSeconds:0.00}s");
            }
        });
        // Watched from before the start: StartAsync itself returns only once the services are being created (their
        // AppRole delivery waits for the bootstrapper), so times taken after it would all read the same.
        var watching = settled.ToList();
        var cpu = MachineCpu.Read();
        clock.Start();
        await app.StartAsync(timeout.Token);
        await Task.WhenAll(watching);
        return new StartTiming(clock.Elapsed, MachineCpu.Describe(cpu, clock.Elapsed));
    }

    private sealed record StartTiming(TimeSpan Elapsed, string Cpu);
}
