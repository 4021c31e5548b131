using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VaultDemo.ServiceDefaults.Tests.Otlp;
using VaultDemo.VaultClient.Diagnostics;

namespace VaultDemo.ServiceDefaults.Tests.Telemetry;

/// <summary>A service on AddServiceDefaults exports its spans, metrics and logs over either OTLP protocol the exporter reads from <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</summary>
public sealed class OtlpExportTests
{
    public static TheoryData<string> Protocols => [OtlpReceiver.Grpc, OtlpReceiver.HttpProtobuf];

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Protocols))]
    public async Task ARequestArrivesAsARouteNamedServerSpanWithItsClientCallItsLogAndTheHttpMetrics(string protocol)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(cancellationToken);
        await using var downstream = await ScriptedServer.StartAsync(cancellationToken);
        var builder = ServiceHost.CreateBuilder(receiver, protocol);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/api/secrets/{name}", async (string name, IHttpClientFactory clients, ILogger<OtlpExportTests> logger) =>
        {
            logger.LogInformation("Read metadata of {SecretName}", name);
            using var response = await clients.CreateClient().GetAsync(downstream.Address, cancellationToken);
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        using (var client = ServiceHost.ClientFor(app))
        {
            (await client.GetAsync("/api/secrets/app-db", cancellationToken)).EnsureSuccessStatusCode();
        }

        await app.StopAndFlushAsync(cancellationToken);

        var received = receiver.Received;
        await received.WaitUntilAsync(r => r.Spans.Any(IsServerSpan) && r.Logs.Any(IsReadLog) && r.MetricNames.Contains("http.server.request.duration"), "the request's span, log and metrics", cancellationToken);
        var server = received.Spans.Single(IsServerSpan);
        Assert.Equal(ServiceHost.ServiceName, server.Service);
        Assert.Equal("/api/secrets/{name}", server.Attribute("http.route"));
        Assert.Equal("200", server.Attribute("http.response.status_code"));
        var outgoing = received.Spans.Single(span => span.Span.Kind == ReceivedSpan.ClientKind && span.Span.ParentSpanId == server.Span.SpanId);
        Assert.Equal("GET", outgoing.Name);
        Assert.Equal(server.Span.TraceId, received.Logs.Single(IsReadLog).TraceId);
        Assert.Contains("http.client.request.duration", received.MetricNames);
        Assert.Contains(received.MetricNames, name => name.StartsWith("dotnet.", StringComparison.Ordinal));
    }

    /// <summary>The libraries' own sources, by the names they publish under: VaultClient's, MassTransit's and Npgsql's.</summary>
    /// <summary>Npgsql publishes its source and meter as "Npgsql" and exposes no constant for the name.</summary>
    public static TheoryData<string, string, string> LibraryNames => new()
    {
        { OtlpReceiver.Grpc, VaultTelemetry.Name, VaultTelemetry.Name },
        { OtlpReceiver.HttpProtobuf, VaultTelemetry.Name, VaultTelemetry.Name },
        { OtlpReceiver.HttpProtobuf, DiagnosticHeaders.DefaultListenerName, InstrumentationOptions.MeterName },
        { OtlpReceiver.HttpProtobuf, "Npgsql", "Npgsql" },
    };

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(LibraryNames))]
    public async Task SpansAndMetricsOfTheLibrariesOwnSourcesAndMetersAreExported(string protocol, string sourceName, string meterName)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiver.StartAsync(cancellationToken);
        var builder = ServiceHost.CreateBuilder(receiver, protocol);
        builder.AddServiceDefaults();
        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        using (var source = new ActivitySource(sourceName))
        using (var meter = new Meter(meterName))
        {
            source.StartActivity("library operation", ActivityKind.Client)?.Dispose();
            meter.CreateCounter<long>("library.operations").Add(1);
            // Flushed while the meter still exists: a disposed meter's instruments are no longer collected.
            await app.StopAndFlushAsync(cancellationToken);
        }

        await receiver.Received.WaitUntilAsync(r => r.Spans.Any(span => span.Scope == sourceName) && r.MetricNames.Contains("library.operations"), $"a span from {sourceName} and a metric from {meterName}", cancellationToken);
        Assert.Equal("library operation", receiver.Received.Spans.Single(span => span.Scope == sourceName).Name);
    }

    private static bool IsServerSpan(ReceivedSpan span) => span.Span.Kind == ReceivedSpan.ServerKind && span.Name == "GET /api/secrets/{name}";

    private static bool IsReadLog(LogRecord record) => record.Body?.StringValue == "Read metadata of app-db";
}
