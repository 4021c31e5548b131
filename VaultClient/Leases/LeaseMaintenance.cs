using Microsoft.Extensions.Logging;
using VaultDemo.VaultClient.Diagnostics;

namespace VaultDemo.VaultClient.Leases;

/// <summary>
/// The loop that keeps leased credentials valid, shared by every kind of leased login: wait until the holder's next
/// refresh is due, then let it renew or replace; replace at once when the client's token was replaced (the lease died
/// with it); retry transient failures with a doubling backoff while callers keep the credentials they have.
/// </summary>
internal sealed class LeaseMaintenance<TCurrent>(VaultClient client, ILeaseHolder<TCurrent> holder, string activity, ILogger logger)
    where TCurrent : class
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private TaskCompletionSource _tokenReplaced = NewSignal();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = client.TimeProvider;
        var backoff = MinBackoff;
        client.Token.TokenReplaced += OnTokenReplaced;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var current = await holder.CurrentAsync(cancellationToken).ConfigureAwait(false);
                    // Taken before the generation check, so a replacement in between still ends the wait below.
                    var replaced = Volatile.Read(ref _tokenReplaced).Task;
                    if (holder.TokenGenerationOf(current) != client.Token.Generation)
                    {
                        await holder.ReplaceAsync(current, "the token that owned the lease was replaced", cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (!await WaitUntilAsync(holder.RefreshDueAt(current), replaced, cancellationToken).ConfigureAwait(false))
                    {
                        continue; // the token was replaced meanwhile: re-plan (replaces at the top of the loop)
                    }

                    await holder.RefreshAsync(current, cancellationToken).ConfigureAwait(false);
                    backoff = MinBackoff;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (holder.IsTransient(e))
                {
                    var delay = backoff;
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                    Log.TransientFailure(logger, activity, (int?)(e as VaultApiException)?.StatusCode, delay, e);
                    // Cancelled during the wait: the loop's condition ends it.
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            client.Token.TokenReplaced -= OnTokenReplaced;
        }
    }

    /// <returns>False when <paramref name="replaced"/> completed first.</returns>
    private async Task<bool> WaitUntilAsync(DateTimeOffset due, Task replaced, CancellationToken cancellationToken)
    {
        var delay = due - client.TimeProvider.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = Task.Delay(delay, client.TimeProvider, cts.Token);
        var first = await Task.WhenAny(elapsed, replaced).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return first == elapsed;
    }

    private void OnTokenReplaced(long generation) => Interlocked.Exchange(ref _tokenReplaced, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
