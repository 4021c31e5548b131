namespace VaultDemo.VaultClient.Tests.Infrastructure;

/// <summary>
/// Passes requests through to the real server, but keeps back the answer to one chosen request until released: a read
/// whose answer arrives late, in the order a test needs instead of whenever a thread scheduler happens to allow.
/// </summary>
internal sealed class HeldResponseHandler() : DelegatingHandler(new HttpClientHandler())
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<HttpRequestMessage, bool>? _hold;

    /// <summary>Completes once the server has answered the held request (the answer is not handed on yet).</summary>
    public Task Arrived => _arrived.Task;

    /// <summary>Holds the answer to the next request that <paramref name="matches"/>.</summary>
    public void HoldNext(Func<HttpRequestMessage, bool> matches) => _hold = matches;

    public void Release() => _released.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (_hold is { } matches && matches(request) && Interlocked.CompareExchange(ref _hold, null, matches) == matches)
        {
            _arrived.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        return response;
    }
}
