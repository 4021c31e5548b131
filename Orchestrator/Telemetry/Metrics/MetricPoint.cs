namespace VaultDemo.Orchestrator.Telemetry.Metrics;

/// <summary>
/// One data point. Gauges and sums carry <see cref="Value"/>; histograms carry count, sum, min, max
/// and their buckets (<see cref="BucketCounts"/> has one more entry than <see cref="ExplicitBounds"/>:
/// the last bucket is everything above the last bound).
/// </summary>
public sealed record MetricPoint(
    DateTimeOffset Timestamp,
    string Series,
    double? Value,
    ulong? Count = null,
    double? Sum = null,
    double? Min = null,
    double? Max = null,
    IReadOnlyList<double>? ExplicitBounds = null,
    IReadOnlyList<ulong>? BucketCounts = null);
