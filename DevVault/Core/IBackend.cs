namespace DevVault.Core;

/// <summary>
/// A secrets engine or auth method mounted at a path. The core has already authenticated the request,
/// checked the ACL and written the audit request entry when <see cref="HandleAsync"/> runs.
/// Implementations must be thread-safe and keep all durable state in <see cref="BackendContext.Storage"/>.
/// </summary>
public interface IBackend
{
    /// <summary>The mount type as Vault reports it (<c>kv</c>, <c>transit</c>, <c>database</c>, <c>approle</c>, ...).</summary>
    string Type { get; }

    /// <summary>Relative paths that need no token (login endpoints), matched by the core with <see cref="PathPatterns"/>.</summary>
    IReadOnlyList<string> UnauthenticatedPaths { get; }

    /// <summary>Relative paths that need <c>sudo</c> in addition to the operation's capability.</summary>
    IReadOnlyList<string> RootPaths { get; }

    /// <summary>
    /// Existence check for create-vs-update: true when the target exists, false when it does not,
    /// null when this path has no existence check (the operation then stays Update).
    /// </summary>
    ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken);

    /// <summary>Serves the request. Null means success with no body (HTTP 204).</summary>
    ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken);
}

/// <summary>Backends that issue leased secrets implement this so the expiration manager can renew and revoke them.</summary>
public interface ILeaseBackend
{
    /// <summary>Revokes the secret (e.g. drops the database user). Throwing makes the manager retry with backoff.</summary>
    ValueTask RevokeLeaseAsync(Expiration.LeaseEntry lease, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the secret by up to <paramref name="increment"/> (already capped by the manager to the lease's max TTL)
    /// and returns the TTL granted.
    /// </summary>
    ValueTask<TimeSpan> RenewLeaseAsync(Expiration.LeaseEntry lease, TimeSpan increment, CancellationToken cancellationToken);
}
