using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using VaultDemo.Orchestrator.Telemetry.Logs;
using VaultDemo.Orchestrator.Telemetry.Metrics;
using VaultDemo.Orchestrator.Telemetry.Traces;

namespace VaultDemo.Orchestrator.Dashboard.Api;

/// <summary>
/// The stored telemetry as JSON for scripts and tests (<c>Authorization: Bearer &lt;token&gt;</c>):
/// /api/logs, /api/traces, /api/traces/{traceId}, /api/metrics.
/// </summary>
internal static class TelemetryApi
{
    private const int MaxLimit = 10_000;

    public static RouteGroupBuilder MapTelemetryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/logs", GetLogs);
        api.MapGet("/traces", GetTraces);
        api.MapGet("/traces/{traceId}", GetTrace);
        api.MapGet("/metrics", GetMetrics);
        return api;
    }

    private static Results<Ok<IReadOnlyList<LogEntry>>, ProblemHttpResult> GetLogs(
        LogStore store, string? resource, string? level, string? search, string? traceId, int? limit)
    {
        if (!TryParseLevel(level, out var minimum))
        {
            return TypedResults.Problem(
                detail: $"'level' must be one of {string.Join(", ", Enum.GetNames<LogSeverity>())}.", statusCode: StatusCodes.Status400BadRequest);
        }

        var take = limit ?? 500;
        if (LimitProblem(take) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(store.Query(new LogQuery(NullIfEmpty(resource), minimum, search, NullIfEmpty(traceId), take)));
    }

    private static Results<Ok<IReadOnlyList<TraceSummary>>, ProblemHttpResult> GetTraces(
        TraceStore store, string? resource, string? search, bool? errors, int? limit)
    {
        var take = limit ?? 200;
        if (LimitProblem(take) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(store.Query(new TraceQuery(NullIfEmpty(resource), search, errors ?? false, take)));
    }

    private static Results<Ok<TraceDetail>, ProblemHttpResult> GetTrace(TraceStore store, string traceId) =>
        store.Find(traceId) is { } trace
            ? TypedResults.Ok(trace)
            : TypedResults.Problem(detail: $"No trace {traceId} is stored (it may have been evicted).", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Every instrument; with <paramref name="resource"/> and <paramref name="instrument"/>, that instrument's points too.</summary>
    private static Ok<IReadOnlyList<MetricInstrumentView>> GetMetrics(MetricStore store, string? resource, string? instrument) =>
        TypedResults.Ok(store.Query(NullIfEmpty(resource), NullIfEmpty(instrument)));

    internal static bool TryParseLevel(string? level, out LogSeverity? severity)
    {
        severity = null;
        if (string.IsNullOrEmpty(level))
        {
            return true;
        }

        if (Enum.TryParse<LogSeverity>(level, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(level, out _))
        {
            severity = parsed;
            return true;
        }

        return false;
    }

    private static ProblemHttpResult? LimitProblem(int limit) => limit is >= 1 and <= MaxLimit
        ? null
        : TypedResults.Problem(detail: $"'limit' must be between 1 and {MaxLimit}.", statusCode: StatusCodes.Status400BadRequest);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
