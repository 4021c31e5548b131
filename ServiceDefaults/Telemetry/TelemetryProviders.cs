using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace VaultDemo.ServiceDefaults.Telemetry;

/// <summary>
/// Owns the tracer and meter providers for the life of the host: created at start, flushed and disposed
/// at stop, so the last spans of a stopping service still reach the dashboard.
/// </summary>
/// <remarks>
/// OpenTelemetry.Extensions.Hosting would do this, but it cannot be restored here; the SDK alone needs
/// only this much. The resource (service name, instance id) comes from OTEL_SERVICE_NAME and
/// OTEL_RESOURCE_ATTRIBUTES, and batch delays from OTEL_BSP_*/OTEL_METRIC_EXPORT_INTERVAL, which the SDK reads.
/// </remarks>
internal sealed class TelemetryProviders(OtlpTarget target) : IHostedService, IDisposable
{
    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(TelemetrySources.ActivitySources)
            .AddOtlpExporter(options => target.Apply(options, "v1/traces"))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter(TelemetrySources.Meters)
            .AddOtlpExporter(options => target.Apply(options, "v1/metrics"))
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // Dispose flushes what is still batched.
        _tracing?.Dispose();
        _metrics?.Dispose();
        _tracing = null;
        _metrics = null;
    }
}
