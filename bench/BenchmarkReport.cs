namespace VaultDemo.Bench;

/// <summary>Collects and prints results as candidate/baseline ratios against a stated target.</summary>
public sealed class BenchmarkReport(TextWriter output)
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public void Info(string message) => output.WriteLine($"  {message}");

    /// <summary>
    /// Prints <paramref name="candidate"/> / <paramref name="baseline"/>. When <paramref name="higherIsBetter"/>
    /// the ratio must be at least <paramref name="target"/>, otherwise at most.
    /// </summary>
    public void Ratio(string metric, double candidate, double baseline, string unit, double target, bool higherIsBetter)
    {
        var ratio = baseline == 0 ? double.NaN : candidate / baseline;
        var met = higherIsBetter ? ratio >= target : ratio <= target;
        var comparison = higherIsBetter ? ">=" : "<=";
        output.WriteLine(
            $"  {metric}: {candidate:0.###} vs baseline {baseline:0.###} {unit} -> ratio {ratio:0.00}x (target {comparison} {target:0.00}x) {(met ? "MET" : "MISSED")}");
        if (!met)
        {
            _failures.Add($"{metric}: {ratio:0.00}x, target {comparison} {target:0.00}x");
        }
    }
}
