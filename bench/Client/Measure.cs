using System.Diagnostics;

namespace VaultDemo.Bench.Client;

/// <summary>
/// Latency of two operations measured call by call in strict alternation, compared by median: on a shared
/// machine a noisy moment then hits both sides alike, and the median ignores the outliers it leaves.
/// </summary>
internal static class Measure
{
    public static async Task<(double Candidate, double Baseline)> MedianMicrosecondsAsync(Func<Task> candidate, Func<Task> baseline, int iterations)
    {
        for (var i = 0; i < iterations / 4; i++)
        {
            await candidate();
            await baseline();
        }

        var candidateTimes = new double[iterations];
        var baselineTimes = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            // Alternate which side goes first, so neither always benefits from the other's warm caches.
            if (i % 2 == 0)
            {
                candidateTimes[i] = await TimeAsync(candidate);
                baselineTimes[i] = await TimeAsync(baseline);
            }
            else
            {
                baselineTimes[i] = await TimeAsync(baseline);
                candidateTimes[i] = await TimeAsync(candidate);
            }
        }

        return (Median.Of(candidateTimes), Median.Of(baselineTimes));
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
}
