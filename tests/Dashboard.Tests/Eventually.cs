namespace VaultDemo.Dashboard.Tests;

/// <summary>
/// Polls until a condition holds or a deadline passes. Telemetry arrives in batches from several exporters,
/// so "not yet" is normal; at the deadline the failure says what was still missing, not just "timed out".
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <param name="probe">Returns the latest observation and what is still missing from it (empty when done).</param>
    public static async Task<T> SatisfiedAsync<T>(Func<CancellationToken, Task<(T Value, IReadOnlyList<string> Missing)>> probe, string waitingFor, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        using var timeout = new CancellationTokenSource(limit);
        IReadOnlyList<string> missing = ["nothing was observed yet"];
        while (true)
        {
            try
            {
                var (value, stillMissing) = await probe(timeout.Token);
                if (stillMissing.Count == 0)
                {
                    return value;
                }

                missing = stillMissing;
                await Task.Delay(Interval, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                Assert.Fail($"After {limit.TotalSeconds:0} s waiting for {waitingFor}, still:\n  - {string.Join("\n  - ", missing)}");
            }
        }
    }
}
