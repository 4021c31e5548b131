using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using VaultDemo.ServiceDefaults;

namespace VaultDemo.Orchestrator.Tests.ServiceDefaults;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task AFailingDependencyMakesTheServiceUnreadyButStillAlive()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddBasicServiceDefaults();
        builder.Services.AddHealthChecks().AddCheck("vault", () => HealthCheckResult.Unhealthy("vault unreachable"));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestTimeout.Token());
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var health = await client.GetAsync("/health", TestTimeout.Token());
        using var alive = await client.GetAsync("/alive", TestTimeout.Token());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
