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
    public string Describe() => $"{workers} concurrent clients, {rounds} rounds of {roundLength.TotalSeconds:0}s per side";

    public async Task<(double Candidate, double Baseline)> CompareAsync(Func<CancellationToken, Task<string>> candidate, Func<CancellationToken, Task<string>> baseline, CancellationToken cancellationToken)
    {
        // Unmeasured warm-up of each side: JIT, connection pools, caches.
        await RateAsync(candidate, TimeSpan.FromSeconds(1), cancellationToken);
        await RateAsync(baseline, TimeSpan.FromSeconds(1), cancellationToken);
        var candidateRates = new List<double>();
        var baselineRates = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            candidateRates.Add(await RateAsync(candidate, roundLength, cancellationToken));
            baselineRates.Add(await RateAsync(baseline, roundLength, cancellationToken));
        }

        return (Median.Of(candidateRates), Median.Of(baselineRates));
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
