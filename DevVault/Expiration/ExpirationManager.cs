using System.Collections.Concurrent;
using DevVault.Core;
using DevVault.Mounts;
using DevVault.Storage;
using DevVault.Tokens;

namespace DevVault.Expiration;

/// <summary>
/// Owns every lease and every token expiry (Vault's ExpirationManager). Timers come from the injected
/// <see cref="TimeProvider"/>, so tests drive expiry with a fake clock. Revocation calls the issuing backend's
/// <see cref="ILeaseBackend"/>; a failure is retried with exponential backoff and stays visible in lookups, and after
/// six failures in a row the lease is irrevocable, as in Vault: kept, and no longer retried.
/// </summary>
public sealed partial class ExpirationManager(
    IStorage storage,
    TimeProvider time,
    MountTable mounts,
    IServiceProvider services,
    ILogger<ExpirationManager> logger) : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(1);

    // As Vault: past this many failed attempts in a row a lease is irrevocable, so a secret whose server has gone for
    // good (a dropped database, a replaced broker) is not retried every minute for ever, and across restarts.
    private const int MaxRevocationAttempts = 6;

    private const string IdPrefix = "id/";

    private readonly IStorage _storage = new StorageView(storage, "sys/expire/");
    private readonly ConcurrentDictionary<string, LeaseEntry> _leases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITimer> _leaseTimers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITimer> _tokenTimers = new(StringComparer.Ordinal);

    private TokenStore Tokens => services.GetRequiredService<TokenStore>();

    /// <summary>Registers the leased secret of a response: assigns its lease id, caps its TTL, schedules expiry.</summary>
    public async ValueTask<LeaseEntry> RegisterAsync(LogicalRequest request, SecretInfo secret, CancellationToken cancellationToken)
    {
        var mount = request.Mount ?? throw new InvalidOperationException("A leased secret needs a mount.");
        var now = time.GetUtcNow();
        var maxTtl = secret.MaxTtl > TimeSpan.Zero && secret.MaxTtl < mount.EffectiveMaxTtl ? secret.MaxTtl : mount.EffectiveMaxTtl;
        var ttl = secret.Ttl > TimeSpan.Zero ? secret.Ttl : mount.EffectiveDefaultTtl;
        secret.Ttl = ttl > maxTtl ? maxTtl : ttl;
        secret.MaxTtl = maxTtl;

        var path = request.Path.TrimEnd('/');
        secret.LeaseId = $"{path}/{Ids.Base62String(24)}";
        var lease = new LeaseEntry
        {
            LeaseId = secret.LeaseId,
            Path = path,
            MountPoint = mount.Path,
            Secret = secret,
            TokenId = request.Token?.Id ?? "",
            IssueTime = now,
            ExpireTime = now + secret.Ttl,
        };
        _leases[lease.LeaseId] = lease;
        await PersistAsync(lease, cancellationToken);
        Schedule(_leaseTimers, lease.LeaseId, lease.ExpireTime, () => ExpireLeaseAsync(lease.LeaseId));
        return lease;
    }

    /// <summary>How many leases exist, for <c>sys/metrics</c>.</summary>
    public int Count => _leases.Count;

    public LeaseEntry? Lookup(string leaseId) => _leases.TryGetValue(leaseId, out var lease) ? lease : null;

    /// <summary>Lease ids below a prefix, as <c>sys/leases/lookup/:prefix</c> lists them (folders end with <c>/</c>).</summary>
    public IReadOnlyList<string> List(string prefix)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in _leases.Keys)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = id[prefix.Length..];
                var slash = rest.IndexOf('/');
                keys.Add(slash < 0 ? rest : rest[..(slash + 1)]);
            }
        }

        return [.. keys];
    }

    /// <summary>Renews a lease through its backend, capped to the lease's max TTL.</summary>
    public async ValueTask<(LeaseEntry Lease, List<string> Warnings)> RenewAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken)
    {
        var lease = Lookup(leaseId) ?? throw VaultException.BadRequest("invalid lease");
        if (!lease.Secret.Renewable)
        {
            throw VaultException.BadRequest("lease is not renewable");
        }

        var now = time.GetUtcNow();
        var warnings = new List<string>();
        var requested = increment > TimeSpan.Zero ? increment : lease.Secret.Ttl;
        var remainingToMax = lease.IssueTime + lease.Secret.MaxTtl - now;
        var granted = requested;
        if (granted > remainingToMax)
        {
            warnings.Add(TokenLifetime.CappedWarning(requested, lease.Secret.MaxTtl));
            granted = remainingToMax < TimeSpan.Zero ? TimeSpan.Zero : remainingToMax;
        }

        var backend = LeaseBackend(lease);
        granted = await backend.RenewLeaseAsync(lease, granted, cancellationToken);
        lease.LastRenewal = now;
        lease.ExpireTime = now + granted;
        lease.Secret.Ttl = granted;
        await PersistAsync(lease, cancellationToken);
        Schedule(_leaseTimers, lease.LeaseId, lease.ExpireTime, () => ExpireLeaseAsync(lease.LeaseId));
        return (lease, warnings);
    }

    /// <summary>Revokes one lease now. With <paramref name="force"/>, backend errors are ignored and the lease is dropped.</summary>
    public async ValueTask RevokeAsync(string leaseId, bool force, CancellationToken cancellationToken)
    {
        var lease = Lookup(leaseId) ?? throw VaultException.BadRequest("invalid lease");
        try
        {
            await LeaseBackend(lease).RevokeLeaseAsync(lease, cancellationToken);
        }
        catch (Exception e) when (force && e is not OperationCanceledException)
        {
            LogForcedRevocation(logger, lease.LeaseId, e.GetType().Name);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RecordFailure(lease, e);
            throw VaultException.BadRequest($"failed to revoke lease: lease_id: {lease.LeaseId}: {e.Message}");
        }

        await ForgetAsync(lease, cancellationToken);
    }

    /// <summary>Revokes in the background, retrying with backoff until the backend succeeds (Vault's async revoke).</summary>
    public void RevokeInBackground(string leaseId)
    {
        var lease = Lookup(leaseId) ?? throw VaultException.BadRequest("invalid lease");
        Schedule(_leaseTimers, lease.LeaseId, time.GetUtcNow(), () => ExpireLeaseAsync(lease.LeaseId));
    }

    public async ValueTask RevokePrefixAsync(string prefix, bool force, bool sync, CancellationToken cancellationToken)
    {
        foreach (var lease in _leases.Values.Where(l => l.LeaseId.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            if (sync || force)
            {
                await RevokeAsync(lease.LeaseId, force, cancellationToken);
            }
            else
            {
                RevokeInBackground(lease.LeaseId);
            }
        }
    }

    /// <summary>Revokes every lease a token read (called when the token is revoked or expires).</summary>
    public async ValueTask RevokeByTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        foreach (var lease in _leases.Values.Where(l => l.TokenId == tokenId).ToList())
        {
            try
            {
                await RevokeAsync(lease.LeaseId, force: false, cancellationToken);
            }
            catch (VaultException)
            {
                // RevokeAsync recorded the failure; keep retrying in the background so the secret does not outlive its token.
                await RetryLaterOrGiveUpAsync(lease);
            }
        }
    }

    /// <summary>
    /// Loads every stored lease and arms its expiry (at unseal). A lease that expired while the server was down is
    /// due at once, so its backend revokes it (a database user is dropped) right after unseal.
    /// </summary>
    public async ValueTask LoadAsync(CancellationToken cancellationToken = default)
    {
        foreach (var lease in await LoadTreeAsync(IdPrefix, cancellationToken))
        {
            _leases[lease.LeaseId] = lease;
            if (!lease.Irrevocable)
            {
                Schedule(_leaseTimers, lease.LeaseId, lease.ExpireTime, () => ExpireLeaseAsync(lease.LeaseId));
            }
        }
    }

    /// <summary>Stops every timer and forgets the leases in memory (at seal); storage keeps them.</summary>
    public void Unload()
    {
        Dispose();
        _leaseTimers.Clear();
        _tokenTimers.Clear();
        _leases.Clear();
    }

    public void ScheduleTokenExpiry(TokenEntry token)
    {
        if (token.ExpireTime is { } expireTime)
        {
            Schedule(_tokenTimers, token.Id, expireTime, () => Tokens.RevokeTreeAsync(token.Id));
        }
    }

    public void CancelTokenExpiry(string tokenId)
    {
        if (_tokenTimers.TryRemove(tokenId, out var timer))
        {
            timer.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var timer in _leaseTimers.Values.Concat(_tokenTimers.Values))
        {
            timer.Dispose();
        }
    }

    private async ValueTask ExpireLeaseAsync(string leaseId)
    {
        var lease = Lookup(leaseId);
        if (lease is null)
        {
            return;
        }

        try
        {
            await LeaseBackend(lease).RevokeLeaseAsync(lease, CancellationToken.None);
            await ForgetAsync(lease, CancellationToken.None);
        }
        catch (Exception e)
        {
            RecordFailure(lease, e);
            await RetryLaterOrGiveUpAsync(lease);
        }
    }

    private async ValueTask RetryLaterOrGiveUpAsync(LeaseEntry lease)
    {
        if (lease.RevocationAttempts >= MaxRevocationAttempts)
        {
            lease.Irrevocable = true;
            await PersistAsync(lease, CancellationToken.None);
            LogIrrevocable(logger, lease.LeaseId, lease.RevocationAttempts);
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks << Math.Min(lease.RevocationAttempts, 6)));
        Schedule(_leaseTimers, lease.LeaseId, time.GetUtcNow() + delay, () => ExpireLeaseAsync(lease.LeaseId));
    }

    private void RecordFailure(LeaseEntry lease, Exception error)
    {
        lease.RevocationAttempts++;
        lease.LastRevocationError = error.Message;
        LogRevocationFailed(logger, lease.LeaseId, lease.RevocationAttempts, error.GetType().Name);
    }

    private async ValueTask ForgetAsync(LeaseEntry lease, CancellationToken cancellationToken)
    {
        _leases.TryRemove(lease.LeaseId, out _);
        if (_leaseTimers.TryRemove(lease.LeaseId, out var timer))
        {
            timer.Dispose();
        }

        await _storage.DeleteAsync(IdPrefix + lease.LeaseId, cancellationToken);
    }

    private ILeaseBackend LeaseBackend(LeaseEntry lease) =>
        mounts.Get(lease.MountPoint)?.Backend as ILeaseBackend
        ?? throw new InvalidOperationException($"The mount {lease.MountPoint} no longer serves lease {lease.LeaseId}.");

    private ValueTask PersistAsync(LeaseEntry lease, CancellationToken cancellationToken) =>
        _storage.PutJsonAsync(IdPrefix + lease.LeaseId, lease, cancellationToken);

    /// <summary>
    /// Every lease below <paramref name="prefix"/> (lease ids contain slashes, so they nest), a folder per read rather
    /// than a read per lease: on PostgreSQL one query per folder.
    /// </summary>
    private async Task<List<LeaseEntry>> LoadTreeAsync(string prefix, CancellationToken cancellationToken)
    {
        var leases = new List<LeaseEntry>(await _storage.GetChildrenJsonAsync<LeaseEntry>(prefix, cancellationToken));
        foreach (var folder in (await _storage.ListAsync(prefix, cancellationToken)).Where(child => child.EndsWith('/')))
        {
            leases.AddRange(await LoadTreeAsync(prefix + folder, cancellationToken));
        }

        return leases;
    }

    private void Schedule(ConcurrentDictionary<string, ITimer> timers, string key, DateTimeOffset at, Func<ValueTask> action)
    {
        var due = at - time.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        // Registered before it is armed, so a timer due now cannot fire before it is the current one.
        ITimer timer = null!;
        timer = time.CreateTimer(
            _ =>
            {
                if (timers.TryRemove(new KeyValuePair<string, ITimer>(key, timer)))
                {
                    timer.Dispose();
                    _ = RunAsync(action);
                }
            },
            null,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        if (timers.TryGetValue(key, out var previous))
        {
            previous.Dispose();
        }

        timers[key] = timer;
        timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private async Task RunAsync(Func<ValueTask> action)
    {
        try
        {
            await action();
        }
        catch (Exception e)
        {
            LogExpiryFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Revoking lease {LeaseId} failed (attempt {Attempt}, {ErrorType}); retrying with backoff")]
    private static partial void LogRevocationFailed(ILogger logger, string leaseId, int attempt, string errorType);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Force-revoked lease {LeaseId} despite a backend error ({ErrorType})")]
    private static partial void LogForcedRevocation(ILogger logger, string leaseId, string errorType);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "Lease {LeaseId} is irrevocable after {Attempts} failed revocations; it stays until revoked again, or with revoke-force once its secret is gone")]
    private static partial void LogIrrevocable(ILogger logger, string leaseId, int attempts);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "An expiry action failed ({ErrorType})")]
    private static partial void LogExpiryFailed(ILogger logger, string errorType);
}
