namespace VaultDemo.Bench;

/// <summary>The median, which every comparison here uses: on a shared machine it ignores the rounds a neighbour spoilt.</summary>
internal static class Median
{
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
