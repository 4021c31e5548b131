using System.Reflection;
using VaultDemo.Orchestrator.Hosting;

namespace VaultDemo.Orchestrator.Testing;

/// <summary>
/// Starts an application from a test, as Aspire.Hosting.Testing does: the AppHost's own topology (its
/// Program.cs runs up to <c>Build()</c>), or an empty builder. Every run gets free ports (dashboard
/// included), its own state directory (deleted on dispose), and no console echo (output stays in
/// <see cref="DistributedApplication.ResourceLogs"/>).
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>
    /// Runs the entry point of <typeparamref name="TEntryPoint"/>'s assembly (e.g. <c>Projects.AppHost</c>)
    /// up to <c>Build()</c> and returns its builder, so the test can add configuration before building.
    /// </summary>
    public static async Task<IDistributedApplicationBuilder> CreateAsync<TEntryPoint>(string[]? args = null, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new ArgumentException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point: pass a type from the AppHost assembly.", nameof(TEntryPoint));
        var capture = new TopologyCapture(TestOptions());
        await Task.Run(
            async () =>
            {
                using var scope = TopologyCapture.Begin(capture);
                try
                {
                    var parameters = entryPoint.GetParameters().Length == 0 ? null : new object[] { args ?? [] };
                    if (entryPoint.Invoke(null, parameters) is Task task)
                    {
                        await task.ConfigureAwait(false);
                    }
                }
                catch (TargetInvocationException e) when (e.InnerException is TopologyCapture.CapturedException)
                {
                    // The entry point reached Build(): the topology is captured.
                }
                catch (TopologyCapture.CapturedException)
                {
                    // Same, from an async entry point.
                }
            },
            cancellationToken).ConfigureAwait(false);

        return capture.Builder ?? throw new InvalidOperationException($"The entry point of {typeof(TEntryPoint).Assembly.GetName().Name} returned without calling DistributedApplication.CreateBuilder(args)...Build().");
    }

    /// <summary>An empty builder with test isolation, for topologies written in the test itself.</summary>
    public static IDistributedApplicationBuilder Create(params string[] args)
    {
        var options = TestOptions();
        return DistributedApplication.CreateBuilder(options with { Args = [.. options.Args, .. args] });
    }

    /// <summary>Builds the application the test configured (the AppHost's own <c>Build()</c> was only a hand-over).</summary>
    public static Task<DistributedApplication> BuildAsync(this IDistributedApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(builder.Build());
    }

    private static DistributedApplicationOptions TestOptions() => new()
    {
        // The AppHost's own lifecycle messages are noise in test output; warnings and errors still show.
        Args = ["--Logging:LogLevel:Default=Warning"],
        StateRoot = Path.Combine(Path.GetTempPath(), "vaultdemo-tests"),
        DashboardPort = 0,
        EchoResourceOutput = false,
        ReportProgress = false,
        DeleteStateOnDispose = true,
    };
}
