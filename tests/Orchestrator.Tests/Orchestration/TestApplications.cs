using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

/// <summary>Small topologies of shell processes, run by the real orchestrator through the testing builder.</summary>
internal static class TestApplications
{
    /// <summary>A shell command as an executable resource.</summary>
    public static IResourceBuilder<ExecutableResource> AddShell(this IDistributedApplicationBuilder builder, string name, string script) =>
        builder.AddExecutable(name, "/bin/sh", Path.GetTempPath(), "-c", script);

    /// <summary>Runs until stopped; on SIGTERM prints "stopping" and exits 0.</summary>
    public const string RunUntilTerminated = "trap 'echo stopping; exit 0' TERM; echo started; while :; do sleep 0.05; done";

    public static async Task<DistributedApplication> StartAsync(this IDistributedApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        return app;
    }

    public static ResourceSnapshot Snapshot(this DistributedApplication app, string resourceName) =>
        app.ResourceNotifications.TryGetCurrent(resourceName, out var resourceEvent)
            ? resourceEvent.Snapshot
            : throw new InvalidOperationException($"No resource '{resourceName}'.");

    public static Task<ResourceEvent> WaitForStateAsync(this DistributedApplication app, string resourceName, ResourceState state, CancellationToken cancellationToken) =>
        app.ResourceNotifications.WaitForResourceAsync(resourceName, [state], cancellationToken);

    /// <summary>Waits until the resource has written a line containing <paramref name="text"/>.</summary>
    public static async Task<string> WaitForOutputAsync(this DistributedApplication app, string resourceName, string text, CancellationToken cancellationToken)
    {
        await foreach (var line in app.ResourceLogs.WatchAsync(resourceName, cancellationToken))
        {
            if (line.Line.Text.Contains(text, StringComparison.Ordinal))
            {
                return line.Line.Text;
            }
        }

        throw new OperationCanceledException($"'{resourceName}' never wrote '{text}'.");
    }
}
