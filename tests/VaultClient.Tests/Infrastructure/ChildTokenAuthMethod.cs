using VaultDemo.VaultClient.Auth;

namespace VaultDemo.VaultClient.Tests.Infrastructure;

/// <summary>
/// Logs in by having an administrator create a fresh token with a short TTL and max TTL: the smallest real
/// "login" DevVault's token store offers, so the lifecycle can be exercised against a real server.
/// </summary>
internal sealed class ChildTokenAuthMethod(VaultClient administrator, TimeSpan ttl, TimeSpan maxTtl, IReadOnlyList<string>? policies = null) : IVaultAuthMethod
{
    private int _logins;

    public string Name => "child-token";

    public bool IssuesTokens => true;

    public int Logins => Volatile.Read(ref _logins);

    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var auth = await administrator.Auth.CreateTokenAsync(
            new TokenCreateRequest { Ttl = ttl, ExplicitMaxTtl = maxTtl, Renewable = true, Policies = policies ?? ["default"], Orphan = true },
            cancellationToken);
        Interlocked.Increment(ref _logins);
        return auth;
    }
}
