using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Database;

/// <summary>Dynamic credentials from one database engine mount (VAULT-API 5.3).</summary>
public sealed class DatabaseClient
{
    private readonly VaultTransport _transport;

    internal DatabaseClient(string mount, VaultTransport transport)
    {
        Mount = VaultPath.Trim(mount);
        _transport = transport;
    }

    public string Mount { get; }

    /// <summary>Creates a new database user for <paramref name="role"/>; the lease owns it (revoke or let it expire).</summary>
    public async Task<DatabaseCredentials> GetCredentialsAsync(string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        var request = new VaultRequest(HttpMethod.Get, VaultPath.Combine(Mount, "creds", role), "database.creds");
        var response = await _transport.SendEnvelopeAsync(request, VaultJsonContext.Default.VaultResponseDatabaseCredentialsData, cancellationToken).ConfigureAwait(false);
        if (response?.Data is not { Username: { Length: > 0 } username, Password: { Length: > 0 } password } || string.IsNullOrEmpty(response.LeaseId))
        {
            throw new VaultApiException($"Vault's answer to database.creds {request.Path} lacked a username, password or lease.");
        }

        return new DatabaseCredentials(username, password, new VaultLease(response.LeaseId, TimeSpan.FromSeconds(response.LeaseDuration), response.Renewable));
    }
}
