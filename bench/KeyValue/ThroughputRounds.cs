using System.Diagnostics;
using System.Text;

namespace VaultDemo.Bench.KeyValue;

/// <summary>
/// Request throughput of a candidate and its baseline under the same concurrent HttpClient load, in alternating
/// rounds, compared by median round: on a shared machine a noisy moment then lands on both sides alike, and the
/// median ignores the round it spoilt.
/// </summary>
internal sealed class ThroughputRounds(int workers, int rounds, TimeSpan roundLength)
{
    public string Describe() => $"{workers} concurrent clients, {rounds} rounds of {roundLength.TotalSeconds:0}s per side after a warm-up until neither side speeds up";

    public async Task<(double Candidate, double Baseline)> CompareAsync(Func<CancellationToken, Task<string>> candidate, Func<CancellationToken, Task<string>> baseline, CancellationToken cancellationToken)
    {
        await WarmUpAsync(candidate, baseline, cancellationToken);
        var candidateRates = new List<double>();
        var baselineRates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            candidateRates.Add(await RateAsync(candidate, roundLength, cancellationToken));
            baselineRates.Add(await RateAsync(baseline, roundLength, cancellationToken));
        }

        return (Median.Of(candidateRates), Median.Of(baselineRates));
    }

    /// <summary>
    /// Unmeasured load on both sides, in alternating slices, until neither is still speeding up. Tiered JIT needs it:
    /// on two cores a server's hot paths reach their final code only after some ten seconds of load, and rounds
    /// measured before that climbed from one to the next (7,000, then 12,000, then 18,000 req/s).
    /// </summary>
    private async Task WarmUpAsync(Func<CancellationToken, Task<string>> candidate, Func<CancellationToken, Task<string>> baseline, CancellationToken cancellationToken)
    {
        const int MaxSlices = 12;
        var slice = TimeSpan.FromSeconds(2);
        double[] previous = [0, 0];
        for (var i = 0; i < MaxSlices; i++)
        {
            double[] current = [await RateAsync(candidate, slice, cancellationToken), await RateAsync(baseline, slice, cancellationToken)];
            var settled = i > 0 && current.Zip(previous).All(pair => pair.First < pair.Second * 1.1);
            previous = current;
            if (settled)
            {
                return;
            }
        }
    }

    /// <summary>Sends one request and returns its body; a failed request ends the benchmark rather than counting as done.</summary>
    public static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private async Task<double> RateAsync(Func<CancellationToken, Task<string>> operation, TimeSpan length, CancellationToken cancellationToken)
    {
        long completed = 0;
        var clock = Stopwatch.StartNew();
        var running = Enumerable.Range(0, workers).Select(async _ =>
        {
            while (clock.Elapsed < length)
            {
                await operation(cancellationToken);
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(running);
        return completed / clock.Elapsed.TotalSeconds;
    }
}
