using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using VaultDemo.VaultClient.Diagnostics;
using VaultDemo.VaultClient.Leases;

namespace VaultDemo.VaultClient.RabbitMq;

/// <summary>
/// Broker credentials from Vault's RabbitMQ secrets engine, as RabbitMQ.Client asks for them on every (re)connect.
/// The lease is renewed at two-thirds of its TTL. When Vault grants less than a full TTL (the max TTL is near) or the
/// client's token was replaced (the lease died with it), a new user is fetched first and the old lease revoked:
/// revoking deletes the old user, the broker closes its connections, and the bus reconnects as the new user. Nothing
/// is lost on the way: unacknowledged deliveries go back to their queue, and the writer's outbox publishes again.
/// </summary>
public sealed class VaultRabbitMqCredentials : ICredentialsProvider, ILeaseHolder<VaultRabbitMqCredentials.Current>
{
    private readonly VaultClient _client;
    private readonly RabbitMqSecretsClient _engine;
    private readonly string _role;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly LeaseMaintenance<Current> _maintenance;
    private volatile Current? _current;

    public VaultRabbitMqCredentials(VaultClient client, string role, string mount = "rabbitmq", ILogger<VaultRabbitMqCredentials>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        _client = client;
        _engine = client.RabbitMqAt(mount);
        _role = role;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = client.TimeProvider;
        _maintenance = new LeaseMaintenance<Current>(client, this, "broker credential renewal", _logger);
    }

    public string Name => $"vault:{_engine.Mount}/creds/{_role}";

    /// <summary>The broker user currently handed out (safe to log), or null before the first.</summary>
    public string? CurrentUsername => _current?.Credentials.Username;

    /// <summary>How many times a new user replaced the previous one.</summary>
    public int Replacements { get; private set; }

    public async Task<Credentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var current = await EnsureAsync(cancellationToken).ConfigureAwait(false);
        // No ValidUntil: RabbitMQ.Client would then push a new secret into the open connection (update-secret), which
        // the broker checks against the connection's original user; a user change needs a new connection instead.
        return new Credentials(Name, current.Credentials.Username, current.Credentials.Password, validUntil: null);
    }

    /// <summary>Keeps the user valid until <paramref name="cancellationToken"/> fires; failures are retried with backoff.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _maintenance.RunAsync(cancellationToken);

    /// <summary>Replaces the user now (e.g. after a suspected leak).</summary>
    public async Task ReplaceNowAsync(CancellationToken cancellationToken = default) =>
        await ReplaceAsync(await EnsureAsync(cancellationToken).ConfigureAwait(false), "requested", cancellationToken).ConfigureAwait(false);

    Task<Current> ILeaseHolder<Current>.CurrentAsync(CancellationToken cancellationToken) => EnsureAsync(cancellationToken);

    long ILeaseHolder<Current>.TokenGenerationOf(Current current) => current.TokenGeneration;

    DateTimeOffset ILeaseHolder<Current>.RefreshDueAt(Current current) => current.RefreshedAt + (current.Ttl * (2.0 / 3.0));

    Task ILeaseHolder<Current>.RefreshAsync(Current current, CancellationToken cancellationToken) => RenewOrReplaceAsync(current, cancellationToken);

    Task ILeaseHolder<Current>.ReplaceAsync(Current current, string reason, CancellationToken cancellationToken) => ReplaceAsync(current, reason, cancellationToken);

    bool ILeaseHolder<Current>.IsTransient(Exception exception) => exception is VaultApiException;

    private async Task RenewOrReplaceAsync(Current current, CancellationToken cancellationToken)
    {
        var lease = current.Credentials.Lease;
        if (lease.Renewable)
        {
            try
            {
                var renewed = await _client.Leases.RenewAsync(lease.LeaseId, lease.Duration, cancellationToken).ConfigureAwait(false);
                if (renewed.Duration >= lease.Duration)
                {
                    _current = current with { RefreshedAt = _time.GetUtcNow(), Ttl = renewed.Duration };
                    Log.LeaseRenewed(_logger, renewed.LeaseId, renewed.Duration);
                    return;
                }
            }
            catch (VaultApiException e) when (!e.IsTransient)
            {
                // Vault no longer knows the lease (revoked with an old token, or expired while Vault was away).
                Log.LeaseRenewalFailed(_logger, lease.LeaseId, (int?)e.StatusCode, e);
                await ReplaceAsync(current, "the lease could not be renewed", cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await ReplaceAsync(current, "the lease is near its max TTL", cancellationToken).ConfigureAwait(false);
    }

    private async Task<Current> EnsureAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return current;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _current ??= await FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task ReplaceAsync(Current old, string reason, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_current, old))
            {
                return; // someone replaced it meanwhile
            }

            Log.BrokerCredentialsReplacing(_logger, _role, old.Credentials.Username, reason);
            _current = await FetchAsync(cancellationToken).ConfigureAwait(false);
            Replacements++;
        }
        finally
        {
            _lock.Release();
        }

        try
        {
            await _client.Leases.RevokeAsync(old.Credentials.Lease.LeaseId, sync: true, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException e)
        {
            // The old lease (and its user) then ends at its TTL, or already did with its token.
            Log.LeaseRevokeFailed(_logger, old.Credentials.Lease.LeaseId, (int?)e.StatusCode, e);
        }
    }

    private async Task<Current> FetchAsync(CancellationToken cancellationToken)
    {
        var generation = _client.Token.Generation;
        var credentials = await _engine.GetCredentialsAsync(_role, cancellationToken).ConfigureAwait(false);
        Log.BrokerCredentialsObtained(_logger, _role, credentials.Username, credentials.Lease.LeaseId, credentials.Lease.Duration);
        return new Current(credentials, _time.GetUtcNow(), credentials.Lease.Duration, generation == 0 ? _client.Token.Generation : generation);
    }

    internal sealed record Current(RabbitMqCredentials Credentials, DateTimeOffset RefreshedAt, TimeSpan Ttl, long TokenGeneration);
}
