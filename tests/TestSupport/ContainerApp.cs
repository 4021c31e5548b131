using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using VaultDemo.Hosting.Containers;

namespace VaultDemo.TestSupport;

/// <summary>
/// A one-resource Aspire application for unit-level tests that need a real server: the same image, runtime set-up
/// and DCP as the AppHost uses, without the rest of the topology.
/// </summary>
internal static class ContainerApp
{
    public static async Task<DistributedApplication> StartAsync(
        Action<IDistributedApplicationTestingBuilder> addResource,
        string resourceName,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TestTimeout.Startup);
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.PrepareContainerRuntime();
        builder.Services.AddFakeLogging(options => options.FilteredLevels.UnionWith([LogLevel.Warning, LogLevel.Error, LogLevel.Critical]));
        addResource(builder);
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, timeout.Token);
            return app;
        }
        catch (Exception e) when (e is DistributedApplicationException or OperationCanceledException)
        {
            var output = await OutputAsync(app, resourceName);
            var problems = app.Services.GetFakeLogCollector().GetSnapshot().Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception?.Message}");
            await app.DisposeAsync();
            throw new InvalidOperationException(
                $"'{resourceName}' did not become healthy: {e.Message}\nIts output:\n{output}\nWhat the application host reported:\n{string.Join('\n', problems.TakeLast(20))}", e);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> OutputAsync(DistributedApplication app, string resourceName)
    {
        var lines = new List<string>();
        var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resource))
        {
            lines.AddRange(batch.Select(line => line.Content));
        }

        return string.Join('\n', lines.TakeLast(40));
    }
}
