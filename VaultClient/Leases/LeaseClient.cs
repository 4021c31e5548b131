using System.Text.Json;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Leases;

/// <summary>Renew, revoke and look up secret leases (VAULT-API 1.9).</summary>
public sealed class LeaseClient
{
    private readonly VaultTransport _transport;

    internal LeaseClient(VaultTransport transport) => _transport = transport;

    /// <summary>Asks for <paramref name="increment"/> more time; Vault may grant less (capped by max TTL).</summary>
    public async Task<VaultLease> RenewAsync(string leaseId, TimeSpan? increment = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new LeaseRequest { LeaseId = leaseId, Increment = increment is { } i ? (long)i.TotalSeconds : null }, VaultJsonContext.Default.LeaseRequest);
        var response = await _transport.SendEnvelopeAsync(new VaultRequest(HttpMethod.Put, "sys/leases/renew", "sys.leases.renew") { Body = body }, VaultJsonContext.Default.VaultResponseVaultNoData, cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException("Vault's answer to sys/leases/renew was empty.");
        return new VaultLease(string.IsNullOrEmpty(response.LeaseId) ? leaseId : response.LeaseId, TimeSpan.FromSeconds(response.LeaseDuration), response.Renewable);
    }

    /// <summary>Revokes a lease; with <paramref name="sync"/> Vault answers only after the backend (e.g. DROP ROLE) is done.</summary>
    public Task RevokeAsync(string leaseId, bool sync = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new LeaseRequest { LeaseId = leaseId, Sync = sync }, VaultJsonContext.Default.LeaseRequest);
        return _transport.SendAsync(new VaultRequest(HttpMethod.Put, "sys/leases/revoke", "sys.leases.revoke") { Body = body }, cancellationToken);
    }

    public async Task<VaultLeaseLookup> LookupAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new LeaseRequest { LeaseId = leaseId }, VaultJsonContext.Default.LeaseRequest);
        return await _transport.SendAsync(new VaultRequest(HttpMethod.Put, "sys/leases/lookup", "sys.leases.lookup") { Body = body }, VaultJsonContext.Default.VaultResponseVaultLeaseLookup, cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException("Vault's answer to sys/leases/lookup had no data.");
    }
}

internal sealed class LeaseRequest
{
    public string LeaseId { get; init; } = "";

    public long? Increment { get; init; }

    public bool? Sync { get; init; }
}
