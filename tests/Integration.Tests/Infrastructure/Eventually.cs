namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// Polls instead of sleeping: asynchronous outcomes (a read recorded, a rotation seen) are awaited up to a deadline,
/// and a timeout names what was awaited and what was last seen, so a failure says which resource did not deliver.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds for its result; returns that result.</summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string awaited, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? DefaultDeadline);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(s_interval, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"Timed out after {deadline ?? DefaultDeadline} waiting for {awaited}; last seen: {Describe(last)}");
    }

    public static Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? deadline = null) =>
        MatchesAsync(condition, ok => ok, awaited, deadline);

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Take(20)) + "]",
        _ => value?.ToString() ?? "null",
    };
}
