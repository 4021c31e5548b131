namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>
/// Finds the telemetry of one write through the dashboard's telemetry API. A write is found by its path: DevVault
/// records it (<c>vault.path</c>) on the server spans of both the writer's write and the reader's read, so a trace
/// that was split in two shows up as two traces here instead of going missing.
/// </summary>
public static class WriteTraces
{
    /// <summary>Every stored trace whose spans mention <paramref name="path"/>, in full.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<TelemetrySpan>>> FindAsync(TelemetryApi telemetry, string path, CancellationToken cancellationToken)
    {
        var traces = new List<IReadOnlyList<TelemetrySpan>>();
        foreach (var traceId in await telemetry.SearchTracesAsync(path, cancellationToken))
        {
            var spans = await telemetry.GetTraceAsync(traceId, cancellationToken);
            // The search is the dashboard's and matches any text (the reconciler's listings and metadata reads mention
            // the path too); what counts is a Vault server span that wrote or read this very secret's data.
            if (spans.Any(s => s.Resource == "vault" && s.Kind == SpanKind.Server && IsDataPathOf(s.Attributes.GetValueOrDefault("vault.path", ""), path)))
            {
                traces.Add(spans);
            }
        }

        return traces;
    }

    /// <summary>Waits until the write's trace fulfils <see cref="WriteTraceContract"/>, and fails with its problems otherwise.</summary>
    public static Task<IReadOnlyList<TelemetrySpan>> WaitForCompleteTraceAsync(TelemetryApi telemetry, string path) =>
        Eventually.SatisfiedAsync<IReadOnlyList<TelemetrySpan>>(
            async cancellationToken =>
            {
                var traces = await FindAsync(telemetry, path, cancellationToken);
                return traces switch
                {
                    [] => ([], [$"no trace mentions {path}"]),
                    [var trace] => (trace, Problems(trace)),
                    _ => ([], [$"{traces.Count} traces mention {path} (one write must be one trace):\n" + string.Join("\n", traces.Select(t =>
                        $"  trace {t[0].TraceId} ({string.Join(", ", t.Select(s => s.Resource).Distinct())}):\n{WriteTraceContract.Listing(t)}"))]),
                };
            },
            $"one trace of PUT /api/secrets/{path} across writer, vault and reader");

    /// <summary>Waits until the reader has taken part in handling the write, in whichever trace.</summary>
    public static Task WaitForReaderAsync(TelemetryApi telemetry, string path) =>
        Eventually.SatisfiedAsync<bool>(
            async cancellationToken =>
            {
                var traces = await FindAsync(telemetry, path, cancellationToken);
                return traces.Any(t => t.Any(s => s.Resource == "reader"))
                    ? (true, [])
                    : (false, [$"no reader span in the {traces.Count} trace(s) mentioning {path}"]);
            },
            $"the reader to read {path}");

    private static bool IsDataPathOf(string vaultPath, string path) =>
        vaultPath.Contains("/data/", StringComparison.Ordinal) && vaultPath.EndsWith(path, StringComparison.Ordinal);

    private static IReadOnlyList<string> Problems(IReadOnlyList<TelemetrySpan> trace)
    {
        var problems = WriteTraceContract.Problems(trace);
        return problems.Count == 0 ? problems : [.. problems, $"trace {trace[0].TraceId} spans:\n{WriteTraceContract.Listing(trace)}"];
    }
}
