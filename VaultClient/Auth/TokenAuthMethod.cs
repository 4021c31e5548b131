namespace VaultDemo.VaultClient.Auth;

/// <summary>
/// Uses a token given as a value or read from a file. "Login" looks the token up, so its TTL drives renewal;
/// the client renews it but never revokes it, because it does not own it.
/// </summary>
public sealed class TokenAuthMethod : IVaultAuthMethod
{
    private readonly string? _token;
    private readonly string? _tokenFile;

    private TokenAuthMethod(string? token, string? tokenFile)
    {
        _token = token;
        _tokenFile = tokenFile;
    }

    public static TokenAuthMethod FromValue(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new TokenAuthMethod(token.Trim(), null);
    }

    public static TokenAuthMethod FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new TokenAuthMethod(null, path);
    }

    public string Name => "token";

    public bool IssuesTokens => false;

    public async Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken)
    {
        var token = _token ?? await CredentialFile.ReadAsync(_tokenFile!, "Vault:Auth:TokenFile", cancellationToken).ConfigureAwait(false);
        var lookup = await client.Auth.LookupTokenAsync(token, cancellationToken).ConfigureAwait(false);
        return new VaultAuthInfo
        {
            ClientToken = token,
            Accessor = lookup.Accessor,
            Policies = lookup.Policies,
            TokenPolicies = lookup.Policies,
            LeaseDuration = lookup.Ttl,
            Renewable = lookup.Renewable,
            TokenType = lookup.Type,
            Orphan = lookup.Orphan,
        };
    }
}
