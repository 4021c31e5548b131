namespace VaultDemo.VaultClient.Leases;

/// <summary>
/// Something that hands out credentials under a Vault lease (a database pool, a broker login) and knows how to keep
/// them alive; <see cref="LeaseMaintenance{TCurrent}"/> decides when.
/// </summary>
/// <typeparam name="TCurrent">The credentials in use with their lease state; replaced as a whole, never mutated into another lease.</typeparam>
internal interface ILeaseHolder<TCurrent>
    where TCurrent : class
{
    /// <summary>The credentials in use, fetched first if there are none yet.</summary>
    Task<TCurrent> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>The generation of the client token that obtained <paramref name="current"/>: the lease dies with that token.</summary>
    long TokenGenerationOf(TCurrent current);

    /// <summary>When <paramref name="current"/> next needs renewing or replacing.</summary>
    DateTimeOffset RefreshDueAt(TCurrent current);

    /// <summary>Renews <paramref name="current"/>'s lease, or replaces the credentials when the lease can no longer be extended.</summary>
    Task RefreshAsync(TCurrent current, CancellationToken cancellationToken);

    /// <summary>Swaps new credentials in for <paramref name="current"/> (unless someone already did) and retires the old lease.</summary>
    Task ReplaceAsync(TCurrent current, string reason, CancellationToken cancellationToken);

    /// <summary>A failure the loop should log and retry after a backoff, rather than let end the loop.</summary>
    bool IsTransient(Exception exception);
}
