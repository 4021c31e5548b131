namespace VaultDemo.Bench.Services;

/// <summary>Latencies of one side of a comparison, in milliseconds, summarised by median and 95th percentile.</summary>
internal sealed class LatencySamples
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public void Add(TimeSpan latency) => _milliseconds.Add(latency.TotalMilliseconds);

    public double Median => Percentile(0.5);

    public double P95 => Percentile(0.95);

    /// <summary>Nearest-rank percentile: a value that was actually observed.</summary>
    private double Percentile(double fraction)
    {
        var sorted = _milliseconds.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
