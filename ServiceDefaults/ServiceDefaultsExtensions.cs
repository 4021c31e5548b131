using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VaultDemo.ServiceDefaults.Health;
using VaultDemo.ServiceDefaults.Resilience;
using VaultDemo.ServiceDefaults.Telemetry;

namespace VaultDemo.ServiceDefaults;

/// <summary>
/// What every VaultDemo service shares, as Aspire's ServiceDefaults project gives it: OpenTelemetry over
/// OTLP (when the AppHost says where), health endpoints, and resilient outgoing HTTP.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Telemetry, health checks, and the standard resilience handler on every HttpClient.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddBasicServiceDefaults();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        return builder;
    }

    /// <summary>Telemetry and health checks only, for processes that make no outgoing HTTP calls.</summary>
    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddOpenTelemetryExport();
        builder.AddDefaultHealthChecks();
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: every check must pass (ready). <c>/alive</c>: only checks tagged "live" (the process is not stuck).
    /// Also names ASP.NET Core's server spans by route, for the dashboard's traces.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseServerSpanNames();
        app.MapDefaultHealthEndpoints();
        return app;
    }
}
