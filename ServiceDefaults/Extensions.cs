using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VaultDemo.ServiceDefaults.Health;
using VaultDemo.ServiceDefaults.Telemetry;

namespace VaultDemo.ServiceDefaults;

/// <summary>
/// What every VaultDemo service shares, in the shape of the Aspire template's ServiceDefaults: OpenTelemetry
/// exported over OTLP when the AppHost says where, health checks and endpoints, service discovery, and the
/// standard resilience handler on every HttpClient. The project's own additions are the named pieces in
/// <c>Health/</c> and <c>Telemetry/</c>; see README.md.
/// </summary>
public static class Extensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // A client that must not retry (VaultClient's: Vault writes are not idempotent) removes the handler itself.
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Logging.KeepCredentialBearingLogsOutOfExport();

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(TelemetrySources.Meters))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = HealthProbeTraceFilter.ShouldTrace)
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(TelemetrySources.ActivitySources));

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>
    /// OTLP to wherever <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> points (the AppHost sets it to the dashboard), over the
    /// protocol in <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>; the exporter reads both, and the other <c>OTEL_*</c> variables.
    /// </summary>
    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>A "self" check tagged live; services add their dependency checks (Vault, PostgreSQL, bus) without the tag.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c> (ready: every check) and <c>/alive</c> (live: checks tagged "live"). Unlike the template, mapped in
    /// every environment: the AppHost waits on <c>/health</c>, and every listener binds to loopback.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpoints.HealthPath, HealthEndpoints.Readiness);
        app.MapHealthChecks(HealthEndpoints.AlivePath, HealthEndpoints.Liveness);
        return app;
    }
}
