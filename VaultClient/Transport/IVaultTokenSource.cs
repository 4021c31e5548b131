namespace VaultDemo.VaultClient.Transport;

/// <summary>Where the transport gets the token it sends, and whom it asks for a new one after an invalid-token 403.</summary>
internal interface IVaultTokenSource
{
    ValueTask<VaultTokenLease> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Logs in again unless someone already replaced the token of <paramref name="rejectedGeneration"/> (single flight).</summary>
    Task ReauthenticateAsync(long rejectedGeneration, CancellationToken cancellationToken);
}

/// <summary>A token and the login generation it came from, so a rejection can be attributed to the right login.</summary>
internal readonly record struct VaultTokenLease(string Token, long Generation);
