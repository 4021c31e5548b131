using VaultDemo.VaultClient.Leases;
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
        var (username, password, lease) = await LeasedLogin.ReadAsync(_transport, Mount, role, "database.creds", cancellationToken).ConfigureAwait(false);
        return new DatabaseCredentials(username, password, lease);
    }
}
