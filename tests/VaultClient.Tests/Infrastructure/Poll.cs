using System.Diagnostics;

namespace VaultDemo.VaultClient.Tests.Infrastructure;

/// <summary>Waits for a condition with a real-time deadline; the failure names what was awaited.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Action? betweenChecks = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"Timed out after {deadline.Elapsed.TotalSeconds:0.0}s waiting for {what}.");
            }

            betweenChecks?.Invoke();
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"Timed out after {deadline.Elapsed.TotalSeconds:0.0}s waiting for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
