using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VaultDemo.Orchestrator.Tests.Dashboard;

namespace VaultDemo.Orchestrator.Tests.Telemetry;

/// <summary>The OpenTelemetry .NET SDK's own OTLP exporter, pointed at the receiver as the AppHost points every resource.</summary>
public sealed class OpenTelemetryExporterTests
{
    [Fact]
    public async Task SpansExportedByTheOpenTelemetrySdkArriveWithTheirServiceAndAttributes()
    {
        await using var host = await DashboardHost.StartAsync();
        using var source = new ActivitySource("VaultDemo.Tests.Exporter");
        using (var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("writer"))
            .AddSource(source.Name)
            .AddOtlpExporter(options =>
            {
                options.Endpoint = new Uri(host.Address, "/v1/traces");
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            using var activity = source.StartActivity("write secret", ActivityKind.Server);
            activity!.SetTag("vault.path", "app/db");
            activity.AddEvent(new ActivityEvent("cas-checked"));
            activity.SetStatus(ActivityStatusCode.Error, "conflict");
            activity.Stop();
            Assert.True(tracerProvider.ForceFlush(10_000), "the SDK exporter did not flush within 10 s");

            using var api = host.AuthorizedClient();
            var trace = await api.GetFromJsonAsync<JsonElement>($"/api/traces/{activity.TraceId.ToHexString()}");
            var span = trace.GetProperty("spans").EnumerateArray().Single();
            Assert.Equal("writer", span.GetProperty("resource").GetString());
            Assert.Equal("write secret", span.GetProperty("name").GetString());
            Assert.Equal(activity.SpanId.ToHexString(), span.GetProperty("spanId").GetString());
            Assert.Equal("app/db", span.GetProperty("attributes").GetProperty("vault.path").GetString());
            Assert.Equal("cas-checked", span.GetProperty("events").EnumerateArray().Single().GetProperty("name").GetString());
            Assert.Equal("Error", span.GetProperty("status").GetString());
            Assert.Equal("conflict", span.GetProperty("statusMessage").GetString());
            Assert.True(trace.GetProperty("summary").GetProperty("hasError").GetBoolean());
        }
    }
}
