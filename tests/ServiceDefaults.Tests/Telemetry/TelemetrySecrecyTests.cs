using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VaultDemo.ServiceDefaults.Tests.Otlp;

namespace VaultDemo.ServiceDefaults.Tests.Telemetry;

/// <summary>What the defaults record of a request never includes the credentials that travel with it.</summary>
public sealed class TelemetrySecrecyTests
{
    private const string Canary = "hvs.token-that-must-not-reach-telemetry";

    [Theory(Timeout = 120_000)]
    [InlineData(OtlpReceiver.Grpc)]
    [InlineData(OtlpReceiver.HttpProtobuf)]
    public async Task TokensInRequestHeadersAndQueryValuesReachNoSpanLogOrMetricEvenWithEveryLogCategoryAtTrace(string protocol)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(cancellationToken);
        await using var vault = await ScriptedServer.StartAsync(cancellationToken);
        var builder = ServiceHost.CreateBuilder(receiver, protocol);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/api/secrets/{name}", async (string name, IHttpClientFactory clients, ILogger<TelemetrySecrecyTests> logger) =>
        {
            logger.LogInformation("Read metadata of {SecretName}", name);
            // A call carrying a Vault token, as VaultClient's calls do.
            using var call = new HttpRequestMessage(HttpMethod.Get, new Uri(vault.Address, "v1/secret/metadata/app-db?token=" + Canary));
            call.Headers.Add("X-Vault-Token", Canary);
            using var response = await clients.CreateClient().SendAsync(call, cancellationToken);
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        using (var client = ServiceHost.ClientFor(app))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/secrets/app-db?version=2&token=" + Canary);
            request.Headers.Add("X-Vault-Token", Canary);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Canary);
            request.Headers.Add("Cookie", "session=" + Canary);
            (await client.SendAsync(request, cancellationToken)).EnsureSuccessStatusCode();
        }

        await app.StopAndFlushAsync(cancellationToken);

        // The request's own log record arriving shows the logs were exported, not merely empty.
        var received = receiver.Received;
        await received.WaitUntilAsync(r => r.Logs.Any(log => log.Body?.StringValue == "Read metadata of app-db") && r.Spans.Count > 0 && r.MetricNames.Count > 0, "the request's log, spans and metrics", cancellationToken);
        Assert.Equal(1, vault.Requests);
        Assert.False(received.AnyPayloadContains(Canary), "a token sent with the request reached the exported telemetry");
    }
}
