using VaultDemo.VaultClient.Leases;

namespace VaultDemo.VaultClient.Database;

/// <summary>Dynamic database credentials and their lease. <see cref="Password"/> is secret: <see cref="ToString"/> leaves it out.</summary>
public sealed class DatabaseCredentials(string username, string password, VaultLease lease)
{
    public string Username { get; } = username;

    public string Password { get; } = password;

    public VaultLease Lease { get; } = lease;

    public override string ToString() => $"DatabaseCredentials {{ Username = {Username}, LeaseId = {Lease.LeaseId}, Duration = {Lease.Duration} }}";
}

internal sealed class DatabaseCredentialsData
{
    public string? Username { get; init; }

    public string? Password { get; init; }
}
