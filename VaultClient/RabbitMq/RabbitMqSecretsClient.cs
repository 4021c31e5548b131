using VaultDemo.VaultClient.Leases;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.RabbitMq;

/// <summary>Leased broker users from one RabbitMQ secrets engine mount (Vault's <c>rabbitmq/creds/:role</c>).</summary>
public sealed class RabbitMqSecretsClient
{
    private readonly VaultTransport _transport;

    internal RabbitMqSecretsClient(string mount, VaultTransport transport)
    {
        Mount = VaultPath.Trim(mount);
        _transport = transport;
    }

    public string Mount { get; }

    /// <summary>Creates a broker user with <paramref name="role"/>'s permissions; the lease owns it (revoking it deletes the user).</summary>
    public async Task<RabbitMqCredentials> GetCredentialsAsync(string role, CancellationToken cancellationToken = default)
    {
        var (username, password, lease) = await LeasedLogin.ReadAsync(_transport, Mount, role, "rabbitmq.creds", cancellationToken).ConfigureAwait(false);
        return new RabbitMqCredentials(username, password, lease);
    }
}
