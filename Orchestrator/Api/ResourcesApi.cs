using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Dashboard.Access;

namespace VaultDemo.Orchestrator.Api;

public static class ResourcesApi
{
    /// <summary><c>GET /api/resources</c>: every resource's current snapshot (secret environment values masked).</summary>
    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/resources", (ResourceNotificationService notifications) =>
                TypedResults.Ok(notifications.Current.Select(e => ResourceDto.From(e.Snapshot)).ToList()))
            .AddEndpointFilter<RequireDashboardTokenFilter>();
        return endpoints;
    }
}

/// <summary>The JSON shape of a resource for scripts, tests and the dashboard.</summary>
public sealed record ResourceDto(
    string Name,
    string Type,
    string State,
    string? Health,
    IReadOnlyList<HealthReportSnapshot> HealthReports,
    int? ExitCode,
    int? ProcessId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    IReadOnlyList<UrlSnapshot> Urls,
    IReadOnlyList<EnvironmentVariableSnapshot> Environment,
    string? Message)
{
    public static ResourceDto From(ResourceSnapshot s) => new(
        s.Name, s.Type, s.State.ToString(), s.HealthStatus?.ToString(), s.HealthReports, s.ExitCode, s.ProcessId,
        s.StartedAt, s.StoppedAt, s.Urls, s.Environment, s.Message);
}
