using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VaultDemo.ServiceDefaults.Health;

/// <summary>The two health endpoints' paths and what each reports.</summary>
public static class HealthEndpoints
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    /// <summary>The tag of checks that say the process is alive; a dependency being down is not one of them.</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// Every check. Degraded answers 503, where ASP.NET Core answers 200: MassTransit reports Degraded while the
    /// broker is away, and a service that cannot publish or consume is not ready.
    /// </summary>
    public static HealthCheckOptions Readiness { get; } = new()
    {
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    public static HealthCheckOptions Liveness { get; } = new() { Predicate = check => check.Tags.Contains(LiveTag) };

    public static bool IsProbe(PathString path) => path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath);
}
