using Microsoft.AspNetCore.Http;
using VaultDemo.ServiceDefaults.Health;

namespace VaultDemo.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps health probes out of traces. Probes arrive every few seconds and their checks call Vault, PostgreSQL and
/// the broker; traced, they would bury the traces people come to see. A request the ASP.NET Core instrumentation
/// filters out is left unrecorded, so the sampler drops the spans of those calls too.
/// </summary>
public static class HealthProbeTraceFilter
{
    public static bool ShouldTrace(HttpContext context) => !HealthEndpoints.IsProbe(context.Request.Path);
}
