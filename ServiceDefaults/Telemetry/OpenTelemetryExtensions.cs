using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace VaultDemo.ServiceDefaults.Telemetry;

public static class OpenTelemetryExtensions
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>
    /// Exports traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost
    /// sets it, with the service name, resource attributes and short batch delays). Without it, nothing is
    /// exported and nothing is collected.
    /// </summary>
    public static TBuilder AddOpenTelemetryExport<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (OtlpTarget.From(builder.Configuration) is not { } target)
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.AddOtlpExporter(options => target.Apply(options, "v1/logs"));
        });
        builder.Services.AddSingleton(target);
        builder.Services.AddHostedService<TelemetryProviders>();
        return builder;
    }
}

/// <summary>Where to export, read from configuration (environment variables included).</summary>
public sealed record OtlpTarget(Uri Endpoint, OtlpExportProtocol Protocol)
{
    public static OtlpTarget? From(IConfiguration configuration)
    {
        if (!Uri.TryCreate(configuration[OpenTelemetryExtensions.EndpointKey], UriKind.Absolute, out var endpoint))
        {
            return null;
        }

        var protocol = configuration[OpenTelemetryExtensions.ProtocolKey] is "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        return new OtlpTarget(endpoint, protocol);
    }

    /// <summary>
    /// Sets the exporter's endpoint. Over HTTP each signal has its own path; an endpoint set in code is
    /// used as is, so the path is added here, as the exporter does itself for the environment variable.
    /// </summary>
    public void Apply(OtlpExporterOptions options, string signalPath)
    {
        options.Protocol = Protocol;
        options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(Endpoint, signalPath) : Endpoint;
    }
}
