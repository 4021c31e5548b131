using VaultDemo.VaultClient.Leases;

namespace VaultDemo.VaultClient.RabbitMq;

/// <summary>A leased broker user. <see cref="Password"/> is secret: <see cref="ToString"/> leaves it out.</summary>
public sealed class RabbitMqCredentials(string username, string password, VaultLease lease)
{
    public string Username { get; } = username;

    public string Password { get; } = password;

    public VaultLease Lease { get; } = lease;

    public override string ToString() => $"RabbitMqCredentials {{ Username = {Username}, LeaseId = {Lease.LeaseId}, Duration = {Lease.Duration} }}";
}
