using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Leases;

/// <summary>Reads a <c>creds/:role</c> endpoint that answers a leased username and password (database, RabbitMQ engines).</summary>
internal static class LeasedLogin
{
    public static async Task<(string Username, string Password, VaultLease Lease)> ReadAsync(VaultTransport transport, string mount, string role, string operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        var request = new VaultRequest(HttpMethod.Get, VaultPath.Combine(mount, "creds", role), operation);
        var response = await transport.SendEnvelopeAsync(request, VaultJsonContext.Default.VaultResponseDatabaseCredentialsData, cancellationToken).ConfigureAwait(false);
        if (response?.Data is not { Username: { Length: > 0 } username, Password: { Length: > 0 } password } || string.IsNullOrEmpty(response.LeaseId))
        {
            throw new VaultApiException($"Vault's answer to {operation} {request.Path} lacked a username, password or lease.");
        }

        return (username, password, new VaultLease(response.LeaseId, TimeSpan.FromSeconds(response.LeaseDuration), response.Renewable));
    }
}
