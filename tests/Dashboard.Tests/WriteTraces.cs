using VaultDemo.Orchestrator.Telemetry.Traces;

namespace VaultDemo.Dashboard.Tests;

/// <summary>
/// Finds the telemetry of one write through the dashboard's API. A write is found by its path: DevVault records
/// it (<c>vault.path</c>) on the server spans of both the writer's write and the reader's read, so a trace that
/// was split in two shows up as two traces here instead of going missing.
/// </summary>
public static class WriteTraces
{
    /// <summary>Every stored trace whose spans mention <paramref name="path"/>, in full.</summary>
    public static async Task<IReadOnlyList<TraceDetail>> FindAsync(DashboardApi dashboard, string path, CancellationToken cancellationToken)
    {
        var traces = new List<TraceDetail>();
        foreach (var summary in await dashboard.FindTracesAsync(path, cancellationToken))
        {
            traces.Add(await dashboard.GetTraceAsync(summary.TraceId, cancellationToken));
        }

        return traces;
    }

    /// <summary>Waits until the write's trace fulfils <see cref="WriteTraceContract"/>, and fails with its problems otherwise.</summary>
    public static Task<TraceDetail> WaitForCompleteTraceAsync(DashboardApi dashboard, string path) =>
        Eventually.SatisfiedAsync<TraceDetail>(
            async cancellationToken =>
            {
                var traces = await FindAsync(dashboard, path, cancellationToken);
                return traces switch
                {
                    [] => (null!, [$"no trace mentions {path}"]),
                    [var trace] => (trace, Problems(trace)),
                    _ => (null!, [$"{traces.Count} traces mention {path} (one write must be one trace):\n" + string.Join("\n", traces.Select(t =>
                        $"  trace {t.Summary.TraceId} ({string.Join(", ", t.Summary.Resources)}), root {t.Summary.RootName}:\n{WriteTraceContract.Listing(t)}"))]),
                };
            },
            $"one trace of PUT /api/secrets/{path} across writer, vault and reader");

    /// <summary>Waits until the reader has taken part in handling the write, in whichever trace.</summary>
    public static Task WaitForReaderAsync(DashboardApi dashboard, string path) =>
        Eventually.SatisfiedAsync<bool>(
            async cancellationToken =>
            {
                var traces = await FindAsync(dashboard, path, cancellationToken);
                return traces.Any(t => t.Summary.Resources.Contains("reader"))
                    ? (true, [])
                    : (false, [$"no reader span in the {traces.Count} trace(s) mentioning {path}"]);
            },
            $"the reader to read {path}");

    private static IReadOnlyList<string> Problems(TraceDetail trace)
    {
        var problems = WriteTraceContract.Problems(trace);
        return problems.Count == 0 ? problems : [.. problems, $"trace {trace.Summary.TraceId} spans:\n{WriteTraceContract.Listing(trace)}"];
    }
}
