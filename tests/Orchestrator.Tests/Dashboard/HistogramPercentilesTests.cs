using VaultDemo.Orchestrator.Dashboard.Metrics;

namespace VaultDemo.Orchestrator.Tests.Dashboard;

public sealed class HistogramPercentilesTests
{
    private static readonly double[] Bounds = [10, 20, 50];

    [Fact]
    public void AMedianIsInterpolatedInsideTheBucketHoldingIt()
    {
        // 10 observations in (10, 20]: the median is halfway through that bucket.
        Assert.Equal(15, HistogramPercentiles.Estimate(Bounds, [0, 10, 0, 0], 50));
    }

    [Fact]
    public void ThePercentileFallsInTheRightBucketAcrossSeveral()
    {
        // 50 in (0, 10], 40 in (10, 20], 10 in (20, 50]: P90 is the top of the second bucket, P99 inside the third.
        double[] counts = [50, 40, 10, 0];

        Assert.Equal(20, HistogramPercentiles.Estimate(Bounds, counts, 90, min: 0));
        Assert.Equal(47, HistogramPercentiles.Estimate(Bounds, counts, 99, min: 0)!.Value, precision: 6);
    }

    [Fact]
    public void TheOverflowBucketIsClosedByTheObservedMaximum()
    {
        Assert.Equal(80, HistogramPercentiles.Estimate(Bounds, [0, 0, 0, 4], 50, max: 110));
    }

    [Fact]
    public void NoObservationsHaveNoPercentile()
    {
        Assert.Null(HistogramPercentiles.Estimate(Bounds, [0, 0, 0, 0], 50));
    }
}
