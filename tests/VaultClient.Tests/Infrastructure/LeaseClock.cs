using Microsoft.Extensions.Time.Testing;
using VaultDemo.TestSupport;

namespace VaultDemo.VaultClient.Tests.Infrastructure;

/// <summary>
/// Moves a fake clock shared by a client and DevVault a little at a time while a lease lifecycle runs, so each timer
/// fires in order and its real-time work (a renewal, a rotation) runs before the next step. Fails, saying what it
/// waited for, when the lifecycle ends on its own or the clock passes twice the max TTL.
/// </summary>
internal static class LeaseClock
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    public static Task AdvanceUntilAsync(FakeTimeProvider time, Task lifecycle, Func<bool> reached, TimeSpan maxTtl, string what, CapturingLoggerProvider? log = null) =>
        Eventually.UntilAsync(
            async () =>
            {
                if (lifecycle.IsCompleted)
                {
                    await lifecycle; // surfaces why the lease lifecycle ended
                    throw new InvalidOperationException("The lease lifecycle ended before being stopped.");
                }

                if (time.GetUtcNow() - time.Start > maxTtl * 2)
                {
                    throw new InvalidOperationException($"Not {what} at twice the max TTL. Log:\n{string.Join('\n', log?.Entries ?? [])}");
                }

                if (!reached())
                {
                    time.Advance(Step);
                }

                return reached();
            },
            what);
}
