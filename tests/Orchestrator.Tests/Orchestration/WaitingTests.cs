using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Orchestration;

public sealed class WaitingTests
{
    [Fact]
    public async Task WaitForHoldsADependantUntilItsDependencyIsHealthy()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        // The dependency runs but serves nothing on its endpoint until the test does, so it stays unhealthy.
        var api = builder.AddShell("api", TestApplications.RunUntilTerminated).WithHttpEndpoint().WithHttpHealthCheck("/health");
        builder.AddShell("consumer", TestApplications.RunUntilTerminated).WaitFor(api);
        await using var app = await builder.StartAsync(cancellationToken);

        await app.ResourceNotifications.WaitForResourceAsync("api", e => e.Snapshot.State == ResourceState.Running && e.Snapshot.HealthReports.Count > 0, cancellationToken);
        Assert.Equal(ResourceState.Waiting, app.Snapshot("consumer").State);

        var port = new Uri(app.Snapshot("api").Urls.Single().Url).Port;
        await using var health = await ServeHealthAsync(port, cancellationToken);
        await app.WaitForResourceHealthyAsync("consumer", cancellationToken);

        Assert.True(app.Snapshot("consumer").StartedAt >= app.Snapshot("api").StartedAt);
    }

    [Fact]
    public async Task WaitForCompletionStartsTheDependantOnlyAfterASuccessfulExit()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var migrate = builder.AddShell("migrate", "echo migrating; exit 0");
        builder.AddShell("service", TestApplications.RunUntilTerminated).WaitForCompletion(migrate);
        await using var app = await builder.StartAsync(cancellationToken);

        await app.WaitForResourceHealthyAsync("service", cancellationToken);

        var migration = app.Snapshot("migrate");
        Assert.Equal((ResourceState.Finished, 0), (migration.State, migration.ExitCode));
        Assert.True(app.Snapshot("service").StartedAt >= migration.StoppedAt);
    }

    [Fact]
    public async Task IndependentResourcesStartWithoutWaitingForEachOther()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        var slow = builder.AddShell("slow", TestApplications.RunUntilTerminated).WithHttpEndpoint().WithHttpHealthCheck("/never");
        builder.AddShell("fast", TestApplications.RunUntilTerminated);
        builder.AddShell("after-slow", TestApplications.RunUntilTerminated).WaitFor(slow);
        await using var app = await builder.StartAsync(cancellationToken);

        await app.WaitForResourceHealthyAsync("fast", cancellationToken);

        Assert.Equal(ResourceState.Running, app.Snapshot("slow").State);
        Assert.Equal(ResourceState.Waiting, app.Snapshot("after-slow").State);
    }

    private static async Task<WebApplication> ServeHealthAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok());
        await app.StartAsync(cancellationToken);
        return app;
    }
}
