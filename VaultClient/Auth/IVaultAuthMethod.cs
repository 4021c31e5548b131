namespace VaultDemo.VaultClient.Auth;

/// <summary>
/// How a client obtains its token. The token manager calls <see cref="LoginAsync"/> one caller at a time
/// (at start, before max TTL, after renewal failed or the token was rejected).
/// </summary>
public interface IVaultAuthMethod
{
    /// <summary>Short name for logs and metrics (<c>token</c>, <c>approle</c>).</summary>
    string Name { get; }

    /// <summary>
    /// True when each login mints a new token the client owns (so it may log in again and revoke on shutdown);
    /// false for a token handed to the client, which it must never revoke.
    /// </summary>
    bool IssuesTokens { get; }

    Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken);
}
