using System.Net;
using Microsoft.Extensions.Logging;
using VaultDemo.VaultClient.Diagnostics;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Auth;

/// <summary>
/// Owns the client's token: logs in on first use, renews at about two-thirds of the TTL (with jitter, so a fleet
/// does not renew in lockstep), logs in again before the max TTL or when a renewal is refused, re-authenticates
/// once for all concurrent callers after an invalid-token 403, backs off while Vault is unavailable, and revokes
/// the token on shutdown. All time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class VaultTokenManager : IVaultTokenSource
{
    /// <summary>A renewal answered with less than this share of the requested TTL means the max TTL is near.</summary>
    private const double CappedRenewalRatio = 0.9;

    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly VaultClient _client;
    private readonly IVaultAuthMethod _method;
    private readonly TimeProvider _time;
    private readonly VaultTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loginLock = new(1, 1);
    private TaskCompletionSource _replaced = NewSignal();
    private TokenState? _state;
    private bool _revoked;
    private long _generation;

    internal VaultTokenManager(VaultClient client, IVaultAuthMethod method, TimeProvider time, VaultTelemetry telemetry, ILogger logger)
    {
        _client = client;
        _method = method;
        _time = time;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>Raised after every login with the new generation; leases owned by the previous token die with it.</summary>
    public event Action<long>? TokenReplaced;

    /// <summary>Test seam: raised whenever the lifecycle starts waiting for its next action.</summary>
    internal event Action<TokenAction, DateTimeOffset>? Scheduled;

    /// <summary>Increases with every login; 0 before the first.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public IVaultAuthMethod Method => _method;

    /// <summary>Accessor of the current token (safe to log), or null before login.</summary>
    public string? Accessor => _state?.Accessor;

    /// <summary>When the current token expires unless renewed; null when it does not expire or no login happened yet.</summary>
    public DateTimeOffset? ExpiresAt => _state is { Ttl.Ticks: > 0 } s ? s.RefreshedAt + s.Ttl : null;

    /// <summary>True when a token is held and, by our clock, has not expired.</summary>
    public bool HasValidToken => _state is { } s && (s.Ttl == TimeSpan.Zero || _time.GetUtcNow() < s.RefreshedAt + s.Ttl);

    /// <summary>Logs in now unless a token is already held.</summary>
    public async Task EnsureLoggedInAsync(CancellationToken cancellationToken = default) => await GetTokenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Logs in now, replacing the current token (the old one is left to expire, so its leases outlive the swap).</summary>
    public Task LoginAsync(CancellationToken cancellationToken = default) => LoginCoreAsync(expectedGeneration: null, "requested", cancellationToken);

    async ValueTask<VaultTokenLease> IVaultTokenSource.GetTokenAsync(CancellationToken cancellationToken) => await GetTokenAsync(cancellationToken).ConfigureAwait(false);

    internal ValueTask<VaultTokenLease> GetTokenAsync(CancellationToken cancellationToken)
    {
        var state = _state;
        return state is not null ? new(new VaultTokenLease(state.Token, state.Generation)) : SlowAsync();

        async ValueTask<VaultTokenLease> SlowAsync()
        {
            if (IsRevoked)
            {
                throw new InvalidOperationException("The Vault token was revoked at shutdown; this client does not log in again.");
            }

            await LoginCoreAsync(expectedGeneration: 0, "start", cancellationToken).ConfigureAwait(false);
            var s = _state ?? throw new InvalidOperationException("Login produced no token.");
            return new VaultTokenLease(s.Token, s.Generation);
        }
    }

    Task IVaultTokenSource.ReauthenticateAsync(long rejectedGeneration, CancellationToken cancellationToken) =>
        _method.IssuesTokens
            ? LoginCoreAsync(rejectedGeneration, "invalid-token", cancellationToken)
            : Task.FromException(new VaultApiException("Vault rejected the configured token as invalid; a fixed token cannot be replaced by logging in again.", HttpStatusCode.Forbidden, ["invalid token"]));

    /// <summary>
    /// Keeps the token alive until <paramref name="cancellationToken"/> fires. Run it once per client
    /// (the hosted service does); failures are logged and retried, never thrown.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = MinBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var state = _state;
                if (state is null)
                {
                    await LoginCoreAsync(expectedGeneration: 0, "start", cancellationToken).ConfigureAwait(false);
                    backoff = MinBackoff;
                    continue;
                }

                var (action, dueAt) = NextAction(state);
                Scheduled?.Invoke(action, dueAt);
                if (action == TokenAction.None)
                {
                    Log.TokenDoesNotExpire(_logger);
                    await WaitAsync(DateTimeOffset.MaxValue, state, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!await WaitAsync(dueAt, state, cancellationToken).ConfigureAwait(false))
                {
                    continue; // someone else logged in meanwhile: plan again for the new token
                }

                if (action == TokenAction.Renew)
                {
                    await RenewAsync(state, cancellationToken).ConfigureAwait(false);
                }
                else if (_method.IssuesTokens)
                {
                    Log.TokenNearMaxTtl(_logger, state.Accessor, state.RefreshedAt + state.Ttl);
                    await LoginCoreAsync(state.Generation, "max-ttl", cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // A fixed token cannot be replaced; wait for it to be swapped by whoever owns it.
                    await WaitAsync(DateTimeOffset.MaxValue, state, cancellationToken).ConfigureAwait(false);
                }

                backoff = MinBackoff;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is VaultApiException or InvalidOperationException)
            {
                var delay = Backoff(ref backoff);
                Scheduled?.Invoke(TokenAction.Backoff, _time.GetUtcNow() + delay);
                Log.TransientFailure(_logger, "token lifecycle", (int?)(e as VaultApiException)?.StatusCode, delay, e);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// True once <see cref="RevokeAsync"/> ran: the client is shutting down, the leases of its token are gone with it,
    /// and it will not log in again (a shutdown step that still calls Vault fails fast instead of reviving the service).
    /// </summary>
    public bool IsRevoked => Volatile.Read(ref _revoked);

    /// <summary>Revokes a token this client obtained by login (never a token it was given). Safe to call more than once.</summary>
    public async Task RevokeAsync(CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _revoked, true);
        var state = Interlocked.Exchange(ref _state, null);
        if (state is null || !_method.IssuesTokens)
        {
            return;
        }

        try
        {
            await _client.Auth.RevokeTokenAsync(state.Token, cancellationToken).ConfigureAwait(false);
            Log.TokenRevoked(_logger, state.Accessor);
        }
        catch (VaultApiException e)
        {
            Log.TokenRevokeFailed(_logger, state.Accessor, e);
        }
    }

    internal (TokenAction Action, DateTimeOffset DueAt) NextAction(TokenState state)
    {
        if (state.Ttl == TimeSpan.Zero)
        {
            return (TokenAction.None, DateTimeOffset.MaxValue);
        }

        if (state.NearMaxTtl)
        {
            // The last renewal was capped by the max TTL: log in again now, while the old token still has all of its
            // remaining life, so whatever was leased with it can be replaced before it dies.
            return (TokenAction.Relogin, state.RefreshedAt);
        }

        if (state.Renewable)
        {
            // Two-thirds of the TTL, minus up to 10% jitter: early enough to survive a failed attempt or two.
            var fraction = 2.0 / 3.0 * (1.0 - (Random.Shared.NextDouble() * 0.1));
            return (TokenAction.Renew, state.RefreshedAt + (state.Ttl * fraction));
        }

        return (TokenAction.Relogin, state.RefreshedAt + (state.Ttl * (2.0 / 3.0)));
    }

    private async Task RenewAsync(TokenState state, CancellationToken cancellationToken)
    {
        VaultAuthInfo renewed;
        try
        {
            renewed = await _client.Auth.RenewTokenAsync(state.Token, state.InitialTtl, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException e) when (!e.IsTransient)
        {
            // Refused (revoked, role deleted, not renewable after all): only a new login helps.
            Log.TokenRenewalFailed(_logger, state.Accessor, (int?)e.StatusCode, e);
            if (!_method.IssuesTokens)
            {
                throw;
            }

            await LoginCoreAsync(state.Generation, "renewal-failed", cancellationToken).ConfigureAwait(false);
            return;
        }

        var ttl = renewed.Ttl;
        var capped = ttl < state.InitialTtl * CappedRenewalRatio;
        var updated = state with { RefreshedAt = _time.GetUtcNow(), Ttl = ttl, NearMaxTtl = capped || !renewed.Renewable };
        Interlocked.CompareExchange(ref _state, updated, state);
        _telemetry.TokenRenewed();
        Log.TokenRenewed(_logger, state.Accessor, ttl);
    }

    private async Task LoginCoreAsync(long? expectedGeneration, string reason, CancellationToken cancellationToken)
    {
        await _loginLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Single flight: whoever waited while another caller logged in finds the token already replaced.
            var current = _state;
            if (expectedGeneration is { } expected && (current?.Generation ?? 0) != expected)
            {
                return;
            }

            VaultAuthInfo auth;
            try
            {
                auth = await _method.LoginAsync(_client, cancellationToken).ConfigureAwait(false);
            }
            catch (VaultApiException e)
            {
                Log.LoginFailed(_logger, _method.Name, (int?)e.StatusCode, e);
                throw;
            }

            var generation = Interlocked.Increment(ref _generation);
            _state = new TokenState(auth.ClientToken, auth.Accessor, generation, _time.GetUtcNow(), auth.Ttl, auth.Ttl, auth.Renewable, NearMaxTtl: false);
            _telemetry.LoggedIn(reason);
            Log.LoggedIn(_logger, _method.Name, auth.Accessor, auth.Ttl, auth.Renewable, reason);
            Interlocked.Exchange(ref _replaced, NewSignal()).TrySetResult();
            TokenReplaced?.Invoke(generation);
        }
        finally
        {
            _loginLock.Release();
        }
    }

    /// <summary>Waits until <paramref name="dueAt"/>; returns false early when the token was replaced meanwhile.</summary>
    private async Task<bool> WaitAsync(DateTimeOffset dueAt, TokenState state, CancellationToken cancellationToken)
    {
        var replaced = _replaced.Task;
        if (!ReferenceEquals(_state, state) && _state?.Generation != state.Generation)
        {
            return false;
        }

        var delay = dueAt == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : dueAt - _time.GetUtcNow();
        if (delay != Timeout.InfiniteTimeSpan && delay <= TimeSpan.Zero)
        {
            return true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delayTask = Task.Delay(delay, _time, cts.Token);
        var finished = await Task.WhenAny(delayTask, replaced).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return finished == delayTask && _state?.Generation == state.Generation;
    }

    private TimeSpan Backoff(ref TimeSpan backoff)
    {
        var delay = backoff;
        backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        var state = _state;
        if (state is { Ttl.Ticks: > 0 })
        {
            // Never sleep past the point where the token is gone; retry sooner instead.
            var remaining = state.RefreshedAt + state.Ttl - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero && delay > remaining / 2)
            {
                delay = TimeSpan.FromTicks(Math.Max(remaining.Ticks / 2, TimeSpan.FromMilliseconds(100).Ticks));
            }
        }

        return delay;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal enum TokenAction
    {
        None,
        Renew,
        Relogin,
        Backoff,
    }

    /// <summary>The token and what we know of its lifetime. <see cref="Token"/> is secret: records print it, so this one stays internal and is never logged.</summary>
    internal sealed record TokenState(string Token, string? Accessor, long Generation, DateTimeOffset RefreshedAt, TimeSpan Ttl, TimeSpan InitialTtl, bool Renewable, bool NearMaxTtl)
    {
        public override string ToString() => $"TokenState {{ Accessor = {Accessor}, Generation = {Generation}, Ttl = {Ttl} }}";
    }
}
