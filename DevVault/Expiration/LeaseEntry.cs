using DevVault.Core;

namespace DevVault.Expiration;

/// <summary>A lease the expiration manager owns: a leased secret issued by a backend to a token.</summary>
public sealed class LeaseEntry
{
    /// <summary><c>&lt;request path&gt;/&lt;id&gt;</c>, e.g. <c>database/creds/writer/IQKUMCTg3M5QTRZ0abmLKjTX</c>.</summary>
    public required string LeaseId { get; init; }

    /// <summary>The request path that produced the secret (<c>database/creds/writer</c>).</summary>
    public required string Path { get; init; }

    /// <summary>Mount point of the issuing backend (<c>database/</c>).</summary>
    public required string MountPoint { get; init; }

    /// <summary>The secret as the backend returned it, with the internal data it needs to renew or revoke.</summary>
    public required SecretInfo Secret { get; init; }

    /// <summary>The token that read the secret; revoking that token revokes this lease.</summary>
    public string TokenId { get; init; } = "";

    public DateTimeOffset IssueTime { get; init; }

    public DateTimeOffset ExpireTime { get; set; }

    public DateTimeOffset? LastRenewal { get; set; }

    /// <summary>Failed revocation attempts so far (visible through sys/leases/lookup while retrying).</summary>
    public int RevocationAttempts { get; set; }

    public string? LastRevocationError { get; set; }

    /// <summary>
    /// Set when revocation has failed too often to go on (Vault's irrevocable leases): the lease is kept, stored with
    /// its last error, and not retried, not even after a restart, until an operator revokes it, with force if need be.
    /// </summary>
    public bool Irrevocable { get; set; }
}
