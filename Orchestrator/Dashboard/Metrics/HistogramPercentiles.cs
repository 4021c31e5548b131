namespace VaultDemo.Orchestrator.Dashboard.Metrics;

/// <summary>
/// Percentiles estimated from explicit-bucket counts, as the Aspire dashboard shows P50/P90/P99:
/// the bucket holding the rank is found, and the value interpolated linearly inside it.
/// </summary>
internal static class HistogramPercentiles
{
    /// <returns>Null when there are no observations.</returns>
    public static double? Estimate(IReadOnlyList<double> bounds, IReadOnlyList<double> counts, double percentile, double? min = null, double? max = null)
    {
        var total = counts.Sum();
        if (total <= 0 || counts.Count != bounds.Count + 1)
        {
            return null;
        }

        var rank = percentile / 100 * total;
        var seen = 0.0;
        for (var bucket = 0; bucket < counts.Count; bucket++)
        {
            if (counts[bucket] <= 0 || seen + counts[bucket] < rank)
            {
                seen += counts[bucket];
                continue;
            }

            // Buckets are (previous bound, bound]; the open ends are closed by the observed min and max.
            var lower = bucket == 0 ? Math.Min(min ?? bounds[0], bounds[0]) : bounds[bucket - 1];
            var upper = bucket == bounds.Count ? Math.Max(max ?? bounds[^1], bounds[^1]) : bounds[bucket];
            var estimate = lower + (upper - lower) * (rank - seen) / counts[bucket];
            return Math.Clamp(estimate, min ?? double.MinValue, max ?? double.MaxValue);
        }

        return max;
    }
}
