using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VaultDemo.VaultClient.Diagnostics;
using VaultDemo.VaultClient.Leases;

namespace VaultDemo.VaultClient.Database;

/// <summary>
/// A data source whose credentials come from Vault and rotate underneath its callers. Each credential set gets its
/// own pooled <see cref="NpgsqlDataSource"/> (Npgsql can rotate a password, but Vault changes the username too);
/// a new set is fetched and proven before it swaps in atomically, and the old pool is drained, disposed and its
/// lease revoked only after every connection it handed out came back. Leases are renewed at two-thirds of their
/// TTL, replaced before max_ttl, and replaced whenever the client's token was (the lease dies with its token).
/// </summary>
public sealed class VaultNpgsqlDataSource : DbDataSource, ILeaseHolder<VaultNpgsqlDataSource.CredentialPool>
{
    private readonly VaultClient _client;
    private readonly VaultNpgsqlDataSourceOptions _options;
    private readonly DatabaseClient _database;
    private readonly NpgsqlConnectionStringBuilder _baseConnectionString;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _rotationLock = new(1, 1);
    private readonly List<Task> _drains = [];
    private readonly LeaseMaintenance<CredentialPool> _maintenance;
    private CredentialPool? _current;
    private long _rotations;
    private bool _disposed;

    public VaultNpgsqlDataSource(VaultClient client, VaultNpgsqlDataSourceOptions options, ILogger<VaultNpgsqlDataSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Role, "options.Role");
        if (options.RotationThreshold is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RotationThreshold, "RotationThreshold must be between 0 and 1.");
        }

        _client = client;
        _options = options;
        _database = options.Mount is { } mount ? client.DatabaseAt(mount) : client.Database;
        _baseConnectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Username = null, Password = null };
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = client.TimeProvider;
        _maintenance = new LeaseMaintenance<CredentialPool>(client, this, "database credential rotation", _logger);
    }

    public override string ConnectionString => _baseConnectionString.ConnectionString;

    /// <summary>The database user currently handed out (safe to log), or null before the first credentials.</summary>
    public string? CurrentUsername => _current?.Credentials.Username;

    /// <summary>The lease of the current credentials, or null before the first.</summary>
    public string? CurrentLeaseId => _current?.Credentials.Lease.LeaseId;

    /// <summary>How many times new credentials were swapped in after the first set.</summary>
    public long Rotations => Interlocked.Read(ref _rotations);

    /// <summary>Fetches the first credentials now (otherwise the first open does it).</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default) => await GetPoolAsync(cancellationToken).ConfigureAwait(false);

    public new ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) => OpenCoreAsync(async: true, cancellationToken);

    public new NpgsqlConnection OpenConnection() => OpenCoreAsync(async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>An unopened connection bound to the current credentials.</summary>
    public new NpgsqlConnection CreateConnection() => GetPoolAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().CreateTrackedConnection();

    /// <summary>
    /// Keeps the credentials valid until <paramref name="cancellationToken"/> fires: renews, rotates, drains.
    /// Failures are logged and retried with backoff; callers keep using the current pool meanwhile.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) => _maintenance.RunAsync(cancellationToken);

    /// <summary>
    /// Closes the current pool's idle connections now and its busy ones when they come back, keeping the credentials:
    /// after a session was terminated server-side, its idle siblings usually were too. (<c>NpgsqlConnection.ClearPool</c>
    /// does not reach pools built by a data source.)
    /// </summary>
    public void Clear() => _current?.DataSource.Clear();

    /// <summary>Swaps in new credentials now (e.g. after a suspected leak).</summary>
    public Task RotateNowAsync(CancellationToken cancellationToken = default) =>
        _current is { } pool ? RotateAsync(pool, "requested", cancellationToken) : GetPoolAsync(cancellationToken).AsTask();

    internal (bool Renew, DateTimeOffset DueAt) NextAction(CredentialPool pool)
    {
        if (pool.Renewable && !pool.NearMaxTtl)
        {
            return (true, pool.RefreshedAt + (pool.Ttl * (2.0 / 3.0)));
        }

        // At the share Vault Agent uses, but never later than the lead time before the lease dies: creating,
        // warming and draining take time, and with a short remaining life 15% of it would not be enough.
        var byThreshold = pool.RefreshedAt + (pool.Ttl * _options.RotationThreshold);
        var byLeadTime = pool.RefreshedAt + pool.Ttl - _options.RotationLeadTime;
        var due = byThreshold < byLeadTime ? byThreshold : byLeadTime;
        return (false, due > pool.RefreshedAt ? due : pool.RefreshedAt);
    }

    async Task<CredentialPool> ILeaseHolder<CredentialPool>.CurrentAsync(CancellationToken cancellationToken) => await GetPoolAsync(cancellationToken).ConfigureAwait(false);

    long ILeaseHolder<CredentialPool>.TokenGenerationOf(CredentialPool current) => current.TokenGeneration;

    DateTimeOffset ILeaseHolder<CredentialPool>.RefreshDueAt(CredentialPool current) => NextAction(current).DueAt;

    Task ILeaseHolder<CredentialPool>.RefreshAsync(CredentialPool current, CancellationToken cancellationToken) =>
        NextAction(current).Renew ? RenewAsync(current, cancellationToken) : RotateAsync(current, "the lease is near its max TTL", cancellationToken);

    Task ILeaseHolder<CredentialPool>.ReplaceAsync(CredentialPool current, string reason, CancellationToken cancellationToken) => RotateAsync(current, reason, cancellationToken);

    bool ILeaseHolder<CredentialPool>.IsTransient(Exception exception) => exception is VaultApiException or NpgsqlException or InvalidOperationException;

    protected override DbConnection CreateDbConnection() => CreateConnection();

    protected override DbConnection OpenDbConnection() => OpenConnection();

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsyncCore().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Task[] drains;
        lock (_drains)
        {
            drains = [.. _drains];
        }

        await Task.WhenAll(drains).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _current, null) is { } pool)
        {
            await pool.DataSource.DisposeAsync().ConfigureAwait(false);
            // A token revoked at shutdown took its leases with it; asking again would need a new login.
            if (!_client.Token.IsRevoked)
            {
                await RevokeAsync(pool.Credentials.Lease.LeaseId).ConfigureAwait(false);
            }
        }

        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a connection on the current pool. When PostgreSQL refuses the credentials (the lease ran out while the
    /// host was too busy to renew it, or the pool was retired between picking it and opening), new credentials are
    /// fetched and the open is retried once, so callers see a rotation, not an outage.
    /// </summary>
    private async ValueTask<NpgsqlConnection> OpenCoreAsync(bool async, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var pool = await GetPoolAsync(cancellationToken).ConfigureAwait(false);
            var connection = pool.CreateTrackedConnection();
            pool.BeginOpen();
            try
            {
                if (async)
                {
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    connection.Open();
                }

                return connection;
            }
            catch (Exception e) when (attempt == 1 && IsRejectedCredentials(e, pool))
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                Log.CredentialsRejected(_logger, pool.Credentials.Lease.LeaseId, (e as PostgresException)?.SqlState);
                await RotateAsync(pool, "PostgreSQL rejected the credentials", cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                pool.EndOpen();
            }
        }
    }

    private bool IsRejectedCredentials(Exception e, CredentialPool pool) => e switch
    {
        // 28P01 invalid_password (also an expired VALID UNTIL), 28000 invalid_authorization_specification (role gone).
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } => true,
        ObjectDisposedException => !ReferenceEquals(_current, pool),
        _ => false,
    };

    private async ValueTask<CredentialPool> GetPoolAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_current is { } pool)
        {
            return pool;
        }

        await _rotationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _current ??= await CreatePoolAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _rotationLock.Release();
        }
    }

    private async Task RenewAsync(CredentialPool pool, CancellationToken cancellationToken)
    {
        VaultLease renewed;
        try
        {
            renewed = await _client.Leases.RenewAsync(pool.Credentials.Lease.LeaseId, pool.InitialTtl, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException e) when (!e.IsTransient)
        {
            Log.LeaseRenewalFailed(_logger, pool.Credentials.Lease.LeaseId, (int?)e.StatusCode, e);
            await RotateAsync(pool, "the lease could not be renewed", cancellationToken).ConfigureAwait(false);
            return;
        }

        pool.RefreshedAt = _time.GetUtcNow();
        pool.Ttl = renewed.Duration;
        pool.NearMaxTtl = !renewed.Renewable || renewed.Duration < pool.InitialTtl * 0.9;
        _client.Telemetry.LeaseRenewed();
        Log.LeaseRenewed(_logger, pool.Credentials.Lease.LeaseId, renewed.Duration);
    }

    private async Task RotateAsync(CredentialPool old, string reason, CancellationToken cancellationToken)
    {
        await _rotationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_current, old))
            {
                return; // someone else rotated already
            }

            Log.RotatingCredentials(_logger, _options.Role, old.Credentials.Lease.LeaseId, reason);
            var fresh = await CreatePoolAsync(cancellationToken, warmConnections: Math.Max(1, old.PeakBusy)).ConfigureAwait(false);
            Volatile.Write(ref _current, fresh);
            Interlocked.Increment(ref _rotations);
            _client.Telemetry.CredentialsRotated(_options.Role);
            lock (_drains)
            {
                _drains.RemoveAll(t => t.IsCompleted);
                _drains.Add(RetireAsync(old));
            }
        }
        finally
        {
            _rotationLock.Release();
        }
    }

    /// <summary>Creates a pool for fresh credentials and proves they work before anyone else gets them.</summary>
    private async Task<CredentialPool> CreatePoolAsync(CancellationToken cancellationToken, int warmConnections = 1)
    {
        var generation = _client.Token.Generation;
        await _client.Token.EnsureLoggedInAsync(cancellationToken).ConfigureAwait(false);
        if (generation == 0)
        {
            generation = _client.Token.Generation;
        }

        var credentials = await _database.GetCredentialsAsync(_options.Role, cancellationToken).ConfigureAwait(false);
        Log.CredentialsObtained(_logger, _options.Role, credentials.Lease.LeaseId, credentials.Lease.Duration);
        var builder = new NpgsqlDataSourceBuilder(_baseConnectionString.ConnectionString);
        builder.ConnectionStringBuilder.Username = credentials.Username;
        builder.ConnectionStringBuilder.Password = credentials.Password;

        // Physical connections must not outlive the credentials; the drain normally retires them much sooner.
        var lifetime = (int)Math.Max(1, credentials.Lease.Duration.TotalSeconds / 2);
        if (builder.ConnectionStringBuilder.ConnectionLifetime is 0 || builder.ConnectionStringBuilder.ConnectionLifetime > lifetime)
        {
            builder.ConnectionStringBuilder.ConnectionLifetime = lifetime;
        }

        if (_options.TraceOnlyWithinOperations)
        {
            builder.ConfigureTracing(tracing => tracing.ConfigureCommandFilter(_ => System.Diagnostics.Activity.Current is not null));
        }

        _options.ConfigureDataSource?.Invoke(builder);
        var dataSource = builder.Build();
        try
        {
            // Open as many connections as the old pool had in use at once, so callers after the swap find them
            // ready instead of paying for connection setup (authentication is the slow part) on their request.
            var probes = await Task.WhenAll(Enumerable.Range(0, warmConnections).Select(_ => dataSource.OpenConnectionAsync(cancellationToken).AsTask())).ConfigureAwait(false);
            foreach (var probe in probes)
            {
                await probe.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            await RevokeAsync(credentials.Lease.LeaseId).ConfigureAwait(false);
            throw;
        }

        return new CredentialPool(dataSource, credentials, generation, _time.GetUtcNow());
    }

    /// <summary>Waits until every connection of the old pool is back, then closes it and revokes its lease (the user is dropped).</summary>
    private async Task RetireAsync(CredentialPool old)
    {
        var busy = old.Busy;
        var deadline = old.RefreshedAt + old.Ttl;
        while (old.Busy + old.Opening > 0 && _time.GetUtcNow() < deadline)
        {
            await Task.WhenAny(old.Idle, Task.Delay(TimeSpan.FromMilliseconds(200), _time)).ConfigureAwait(false);
        }

        await old.DataSource.DisposeAsync().ConfigureAwait(false);
        await RevokeAsync(old.Credentials.Lease.LeaseId).ConfigureAwait(false);
        Log.CredentialsRetired(_logger, old.Credentials.Lease.LeaseId, busy);
    }

    private async Task RevokeAsync(string leaseId)
    {
        try
        {
            await _client.Leases.RevokeAsync(leaseId, sync: true).ConfigureAwait(false);
        }
        catch (VaultApiException e)
        {
            // Without sys/leases/revoke in the policy the user lives until its TTL; Vault drops it then.
            Log.LeaseRevokeFailed(_logger, leaseId, (int?)e.StatusCode, e);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One credential set, its pool and the connections it has out.</summary>
    internal sealed class CredentialPool(NpgsqlDataSource dataSource, DatabaseCredentials credentials, long tokenGeneration, DateTimeOffset obtainedAt)
    {
        private int _busy;
        private int _opening;
        private int _peakBusy;
        private TaskCompletionSource _idle = NewSignal();

        public NpgsqlDataSource DataSource { get; } = dataSource;

        public DatabaseCredentials Credentials { get; } = credentials;

        public long TokenGeneration { get; } = tokenGeneration;

        public TimeSpan InitialTtl { get; } = credentials.Lease.Duration;

        public bool Renewable { get; } = credentials.Lease.Renewable;

        public DateTimeOffset RefreshedAt { get; set; } = obtainedAt;

        public TimeSpan Ttl { get; set; } = credentials.Lease.Duration;

        public bool NearMaxTtl { get; set; }

        public int Busy => Volatile.Read(ref _busy);

        /// <summary>Connections being opened right now: not busy yet, but the pool must not be retired under them.</summary>
        public int Opening => Volatile.Read(ref _opening);

        public void BeginOpen() => Interlocked.Increment(ref _opening);

        public void EndOpen() => Interlocked.Decrement(ref _opening);

        /// <summary>Most connections in use at once, to warm the next pool to the same size.</summary>
        public int PeakBusy => Volatile.Read(ref _peakBusy);

        /// <summary>Completes the next time the busy count drops to zero.</summary>
        public Task Idle => Volatile.Read(ref _idle).Task;

        public NpgsqlConnection CreateTrackedConnection()
        {
            var connection = DataSource.CreateConnection();
            connection.StateChange += OnStateChange;
            return connection;
        }

        private void OnStateChange(object? sender, StateChangeEventArgs e)
        {
            if (e.OriginalState == ConnectionState.Closed && e.CurrentState == ConnectionState.Open)
            {
                var busy = Interlocked.Increment(ref _busy);
                int peak;
                while (busy > (peak = Volatile.Read(ref _peakBusy)) && Interlocked.CompareExchange(ref _peakBusy, busy, peak) != peak)
                {
                }
            }
            else if (e.OriginalState != ConnectionState.Closed && e.CurrentState == ConnectionState.Closed && Interlocked.Decrement(ref _busy) == 0)
            {
                Interlocked.Exchange(ref _idle, NewSignal()).TrySetResult();
            }
        }
    }
}
