using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VaultDemo.ServiceDefaults.Tests.Otlp;

namespace VaultDemo.ServiceDefaults.Tests.Telemetry;

/// <summary>Health probes stay out of traces, and so does the work their checks do.</summary>
public sealed class HealthProbeTraceTests
{
    private const string CheckSourceName = "VaultDemo.Tests.HealthCheck";

    [Fact(Timeout = 120_000)]
    public async Task NeitherAProbeNorTheCallsItsChecksMakeAreTracedWhileOtherRequestsAre()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(cancellationToken);
        await using var dependency = await ScriptedServer.StartAsync(cancellationToken);
        using var checkSource = new ActivitySource(CheckSourceName);
        var builder = ServiceHost.CreateBuilder(receiver, OtlpReceiver.HttpProtobuf);
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddAsyncCheck("dependency", async () =>
        {
            // What the Vault, PostgreSQL and broker checks do: a span of their own and a call over HTTP.
            using var _ = checkSource.StartActivity("check dependency");
            using var client = new HttpClient();
            using var response = await client.GetAsync(dependency.Address, cancellationToken);
            return HealthCheckResult.Healthy();
        });
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/api/ping", () => Results.Ok());
        await app.StartAsync(cancellationToken);
        using (var client = ServiceHost.ClientFor(app))
        {
            (await client.GetAsync("/health", cancellationToken)).EnsureSuccessStatusCode();
            (await client.GetAsync("/alive", cancellationToken)).EnsureSuccessStatusCode();
            (await client.GetAsync("/api/ping", cancellationToken)).EnsureSuccessStatusCode();
        }

        await app.StopAndFlushAsync(cancellationToken);

        // The request after the probes is exported, so by then anything the probes left would have been too.
        await receiver.Received.WaitUntilAsync(r => r.Spans.Any(span => span.Name == "GET /api/ping"), "the span of /api/ping", cancellationToken);
        var spans = receiver.Received.Spans;
        Assert.Equal(1, dependency.Requests);
        Assert.Single(spans);
        Assert.Equal("GET /api/ping", spans[0].Name);
    }
}
