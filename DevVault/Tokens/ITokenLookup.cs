namespace DevVault.Tokens;

/// <summary>Read access to the token store for components outside it (capabilities endpoints, cubbyhole, audit).</summary>
public interface ITokenLookup
{
    /// <summary>The live entry for a token id, or null when it is unknown, expired or revoked. Does not consume a use.</summary>
    ValueTask<TokenEntry?> LookupAsync(string tokenId, CancellationToken cancellationToken = default);

    /// <summary>The live entry for an accessor, or null.</summary>
    ValueTask<TokenEntry?> LookupByAccessorAsync(string accessor, CancellationToken cancellationToken = default);
}
