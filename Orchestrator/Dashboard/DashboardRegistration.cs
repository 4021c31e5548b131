using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VaultDemo.Orchestrator.Dashboard.Access;
using VaultDemo.Orchestrator.Dashboard.Api;
using VaultDemo.Orchestrator.Dashboard.ConsoleLogs;
using VaultDemo.Orchestrator.Dashboard.Metrics;
using VaultDemo.Orchestrator.Dashboard.Rendering;
using VaultDemo.Orchestrator.Dashboard.Resources;
using VaultDemo.Orchestrator.Dashboard.StructuredLogs;
using VaultDemo.Orchestrator.Dashboard.Traces;
using VaultDemo.Orchestrator.Telemetry;
using VaultDemo.Orchestrator.Telemetry.Logs;
using VaultDemo.Orchestrator.Telemetry.Metrics;
using VaultDemo.Orchestrator.Telemetry.Traces;

namespace VaultDemo.Orchestrator.Dashboard;

/// <summary>
/// The dashboard's seam into the AppHost's loopback web host (port 18888): services (OTLP stores) and
/// endpoints (OTLP receiver, pages, /api/logs, /api/traces, /api/metrics). The host calls both, and
/// registers the <see cref="IDashboardTokenValidator"/> and <see cref="IDashboardResourceSource"/> it owns.
/// </summary>
public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<TelemetryLimits>().BindConfiguration("Dashboard:Telemetry").Validate(limits =>
        {
            limits.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton<LogStore>();
        services.AddSingleton<TraceStore>();
        services.AddSingleton<MetricStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOtlpReceiver();
        endpoints.MapDashboardAssets();
        endpoints.MapDashboardLogin();

        var pages = endpoints.MapGroup("").AddEndpointFilter<RequireDashboardTokenFilter>().ExcludeFromDescription();
        pages.MapGet("/", (HttpContext context, [FromServices] IDashboardResourceSource source) => ResourcesPage.Render(context, source));
        pages.MapGet("/console", (HttpContext context, [FromServices] IDashboardResourceSource source, string? resource) =>
            ConsoleLogsPage.Render(context, source, string.IsNullOrEmpty(resource) ? null : resource));
        pages.MapGet("/structuredlogs", (HttpContext context, LogStore store, string? resource, string? level, string? search, string? traceId) =>
            StructuredLogsPage.Render(context, store, new LogQuery(
                Empty(resource), TelemetryApi.TryParseLevel(level, out var minimum) ? minimum : null, search, Empty(traceId))));
        pages.MapGet("/traces", (HttpContext context, TraceStore store, string? resource, string? search, bool? errors) =>
            TracesPage.Render(context, store, new TraceQuery(Empty(resource), search, errors ?? false)));
        pages.MapGet("/traces/{traceId}", (HttpContext context, TraceStore store, string traceId) => TraceDetailPage.Render(context, store, traceId));
        pages.MapGet("/metrics", (HttpContext context, MetricStore store, string? resource, string? instrument) =>
            MetricsPage.Render(context, store, Empty(resource), Empty(instrument)));

        endpoints.MapGroup("/api").AddEndpointFilter<RequireDashboardTokenFilter>().MapTelemetryApi();
        return endpoints;
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
