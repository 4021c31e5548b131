using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VaultDemo.Orchestrator.Tests.Dashboard;
using VaultDemo.ServiceDefaults;

namespace VaultDemo.Orchestrator.Tests.Telemetry;

/// <summary>A service wired with AddServiceDefaults, exporting to the dashboard as the AppHost configures it.</summary>
public sealed class ServiceDefaultsExportTests
{
    private const string LeakCanary = "hvs.token-that-must-not-reach-telemetry";

    [Fact]
    public async Task AServiceRequestArrivesAsARouteNamedServerSpanWithItsLogsAndMetricsButNotItsCredentials()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.Address.ToString();
        builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        builder.AddServiceDefaults();
        var service = builder.Build();
        service.MapDefaultEndpoints();
        service.MapGet("/api/secrets/{name}", (string name, ILogger<ServiceDefaultsExportTests> logger) =>
        {
            logger.LogInformation("Read metadata of {SecretName}", name);
            return Results.Ok();
        });
        await service.StartAsync(TestTimeout.Token());
        using (var client = new HttpClient { BaseAddress = new Uri(service.Urls.Single()) })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/secrets/app-db?version=2");
            request.Headers.Add("X-Vault-Token", LeakCanary);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LeakCanary);
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        // Stopping the service flushes its exporters into the dashboard.
        await service.StopAsync(TestTimeout.Token());
        await service.DisposeAsync();

        using var api = dashboard.AuthorizedClient();
        var traces = await api.GetFromJsonAsync<JsonElement>("/api/traces?search=app-db");
        var summary = traces.EnumerateArray().Single();
        var trace = await api.GetFromJsonAsync<JsonElement>($"/api/traces/{summary.GetProperty("traceId").GetString()}");
        var span = trace.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "Server");
        Assert.Equal("GET /api/secrets/{name}", span.GetProperty("name").GetString());
        Assert.Equal("/api/secrets/{name}", span.GetProperty("attributes").GetProperty("http.route").GetString());
        Assert.Equal("200", span.GetProperty("attributes").GetProperty("http.response.status_code").GetString());
        Assert.DoesNotContain("version=2", trace.GetRawText(), StringComparison.Ordinal);

        var logs = await api.GetFromJsonAsync<JsonElement>($"/api/logs?traceId={summary.GetProperty("traceId").GetString()}");
        Assert.Contains(logs.EnumerateArray(), log => log.GetProperty("message").GetString() == "Read metadata of app-db");

        var everything = await api.GetStringAsync("/api/logs?limit=10000") + await api.GetStringAsync("/api/traces?limit=10000") + trace.GetRawText();
        Assert.DoesNotContain(LeakCanary, everything, StringComparison.Ordinal);

        var metrics = await api.GetFromJsonAsync<JsonElement>("/api/metrics");
        Assert.Contains(metrics.EnumerateArray(), instrument => instrument.GetProperty("name").GetString() == "http.server.request.duration");
    }
}
