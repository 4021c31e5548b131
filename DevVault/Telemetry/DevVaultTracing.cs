using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DevVault.Telemetry;

/// <summary>
/// DevVault's own spans, so a trace shows the Vault request inside the service call that made it.
/// Exported over OTLP only when the AppHost (or the user) sets <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// with the protocol and service name of <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and <c>OTEL_SERVICE_NAME</c>.
/// </summary>
public static class DevVaultTracing
{
    public const string ActivitySourceName = "VaultDemo.DevVault";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    public static IServiceCollection AddDevVaultTracing(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return services;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var baseAddress))
        {
            throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute URL; it is '{endpoint}'.");
        }

        var grpc = string.Equals(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc", StringComparison.OrdinalIgnoreCase);
        var export = new ExportSettings(
            // Over HTTP the endpoint is the base address and each signal has its own path, as the SDK does for the variable.
            grpc ? baseAddress : new Uri(baseAddress.ToString().TrimEnd('/') + "/v1/traces"),
            grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
            configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "devvault");
        services.AddHostedService(_ => new TracingExport(export));
        return services;
    }

    private sealed record ExportSettings(Uri Endpoint, OtlpExportProtocol Protocol, string ServiceName);

    /// <summary>Owns the tracer provider for the process lifetime; stopping flushes what is still queued.</summary>
    private sealed class TracingExport(ExportSettings settings) : IHostedService, IDisposable
    {
        private TracerProvider? _tracerProvider;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _tracerProvider = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(settings.ServiceName))
                .AddSource(ActivitySourceName)
                .AddOtlpExporter(options =>
                {
                    options.Endpoint = settings.Endpoint;
                    options.Protocol = settings.Protocol;
                })
                .Build();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            _tracerProvider?.ForceFlush(5_000);
            return Task.CompletedTask;
        }

        public void Dispose() => _tracerProvider?.Dispose();
    }
}
