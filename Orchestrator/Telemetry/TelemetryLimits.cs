namespace VaultDemo.Orchestrator.Telemetry;

/// <summary>
/// How much telemetry the dashboard keeps in memory. The defaults match the Aspire dashboard's
/// (10,000 log records, 10,000 traces, 50,000 metric points); when a store is full the oldest entry
/// is evicted first, so the dashboard always shows the most recent activity and memory stays bounded.
/// </summary>
public sealed class TelemetryLimits
{
    public int MaxLogRecords { get; set; } = 10_000;

    public int MaxTraces { get; set; } = 10_000;

    /// <summary>
    /// Spans kept per trace. A runaway trace (a loop that never ends its root) would otherwise grow
    /// without bound inside the 10,000-trace limit; later spans of a full trace are dropped and counted.
    /// </summary>
    public int MaxSpansPerTrace { get; set; } = 5_000;

    public int MaxMetricPoints { get; set; } = 50_000;

    internal void Validate()
    {
        if (MaxLogRecords < 1 || MaxTraces < 1 || MaxSpansPerTrace < 1 || MaxMetricPoints < 1)
        {
            throw new InvalidOperationException(
                $"Every {nameof(TelemetryLimits)} value must be at least 1 (MaxLogRecords, MaxTraces, MaxSpansPerTrace, MaxMetricPoints).");
        }
    }
}
