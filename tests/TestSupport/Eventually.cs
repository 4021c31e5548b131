namespace VaultDemo.TestSupport;

/// <summary>
/// Polls instead of sleeping: an asynchronous outcome (a read recorded, a rotation seen, a span stored) is awaited up
/// to a deadline, and a timeout names what was awaited and what was last seen, so a failure says what did not happen.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds for its result; returns that result.</summary>
    public static Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string awaited, TimeSpan? deadline = null) =>
        SatisfiedAsync(
            async _ =>
            {
                var value = await probe();
                return (value, done(value) ? [] : (IReadOnlyList<string>)[$"last seen: {Describe(value)}"]);
            },
            awaited,
            deadline);

    public static Task UntilAsync(Func<Task<bool>> condition, string awaited, TimeSpan? deadline = null) =>
        MatchesAsync(condition, ok => ok, awaited, deadline);

    /// <param name="probe">Returns the latest observation and what is still missing from it (empty when done).</param>
    public static async Task<T> SatisfiedAsync<T>(Func<CancellationToken, Task<(T Value, IReadOnlyList<string> Missing)>> probe, string awaited, TimeSpan? deadline = null)
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
                await Task.Delay(s_interval, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"After {limit.TotalSeconds:0} s waiting for {awaited}, still:\n  - {string.Join("\n  - ", missing)}");
            }
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Take(20)) + "]",
        _ => value?.ToString() ?? "null",
    };
}
