using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace VaultDemo.ServiceDefaults.Tests.Health;

/// <summary><c>/health</c> says whether the service is ready (every check), <c>/alive</c> whether its process is (checks tagged live).</summary>
public sealed class HealthEndpointTests
{
    public static TheoryData<HealthStatus, HttpStatusCode> ReadinessAnswers => new()
    {
        { HealthStatus.Healthy, HttpStatusCode.OK },
        { HealthStatus.Degraded, HttpStatusCode.ServiceUnavailable },
        { HealthStatus.Unhealthy, HttpStatusCode.ServiceUnavailable },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(ReadinessAnswers))]
    public async Task ADependencyThatIsNotHealthyMakesTheServiceUnreadyButLeavesItAlive(HealthStatus dependency, HttpStatusCode expectedReadiness)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = ServiceHost.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddCheck("broker", () => new HealthCheckResult(dependency, "as scripted"));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(cancellationToken);
        using var client = ServiceHost.ClientFor(app);

        using var health = await client.GetAsync("/health", cancellationToken);
        using var alive = await client.GetAsync("/alive", cancellationToken);

        Assert.Equal(expectedReadiness, health.StatusCode);
        Assert.Equal(dependency.ToString(), await health.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
