using System.Diagnostics;
using System.Text;
using System.Text.Json;
using VaultDemo.Contracts;

namespace VaultDemo.Bench.Services;

/// <summary>
/// How long from a write until the reader has it? Candidate: from sending <c>PUT /api/secrets/...</c> until the
/// reader's <c>app.secret_reads</c> row for it is committed (NOTIFY from a trigger, no polling): Vault write,
/// writer transaction and outbox, dispatch over MassTransit, consume, Vault read of that version, reader
/// transaction. Baseline: a bare RabbitMQ publish-to-consume round trip of an event of the same size on the same
/// broker. One write at a time, alternating with the baseline. Targets: median at most 60x and p95 at most 80x
/// the bare bus hop, which the candidate makes once next to two Vault calls and two database transactions.
/// </summary>
public sealed class WriteToReadLatencyBenchmark : IBenchmark
{
    private const int Iterations = 200;
    private const int WarmUp = 20;
    private static readonly TimeSpan PerWriteTimeout = TimeSpan.FromSeconds(30);

    public string Name => "services-latency";

    public string Description => "PUT to the reader's secret_reads row vs a bare RabbitMQ publish-to-consume round trip (median <= 60x, p95 <= 80x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var topology = await BenchTopology.StartAsync(report, cancellationToken);
        await using var reads = await SecretReadNotifications.StartAsync(await topology.ConnectionStringAsync("appdb", cancellationToken), cancellationToken);
        await using var bus = await RabbitMqRoundTrip.StartAsync(await topology.ConnectionStringAsync("messaging", cancellationToken), cancellationToken);
        var run = Guid.NewGuid().ToString("N")[..8];
        var eventBody = JsonSerializer.SerializeToUtf8Bytes(new SecretVersionWritten($"bench-latency/{run}/000", 1, DateTimeOffset.UtcNow));

        var writeToRead = new LatencySamples();
        var busHop = new LatencySamples();
        for (var i = 0; i < WarmUp + Iterations; i++)
        {
            var path = $"bench-latency/{run}/{i:000}";
            var measured = i >= WarmUp;
            // Alternate which side goes first, so neither always follows the other's work.
            if (i % 2 == 1)
            {
                Record(measured ? busHop : null, await TimeAsync(ct => bus.SendAndReceiveAsync(eventBody, ct), cancellationToken));
            }

            Record(measured ? writeToRead : null, await TimeAsync(async ct =>
            {
                var read = reads.WhenReadAsync(path);
                await topology.PutSecretAsync(path, BenchTopology.SampleSecret(), ct);
                await read.WaitAsync(ct);
            }, cancellationToken));
            if (i % 2 == 0)
            {
                Record(measured ? busHop : null, await TimeAsync(ct => bus.SendAndReceiveAsync(eventBody, ct), cancellationToken));
            }
        }

        report.Info($"{Iterations} writes one at a time (after {WarmUp} unmeasured), each alternating with a bare round trip of a {eventBody.Length}-byte event");
        report.Info($"write-to-read: median {writeToRead.Median:0.00} ms, p95 {writeToRead.P95:0.00} ms; RabbitMQ round trip: median {busHop.Median:0.000} ms, p95 {busHop.P95:0.000} ms");
        report.Ratio("write-to-read median vs bare bus round trip", writeToRead.Median, busHop.Median, "ms", target: 60, higherIsBetter: false);
        report.Ratio("write-to-read p95 vs bare bus round trip", writeToRead.P95, busHop.P95, "ms", target: 80, higherIsBetter: false);
    }

    private static void Record(LatencySamples? samples, TimeSpan elapsed) => samples?.Add(elapsed);

    private static async Task<TimeSpan> TimeAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PerWriteTimeout);
        var start = Stopwatch.GetTimestamp();
        await operation(timeout.Token);
        return Stopwatch.GetElapsedTime(start);
    }
}
