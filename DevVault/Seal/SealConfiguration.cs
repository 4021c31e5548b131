namespace DevVault.Seal;

/// <summary>
/// How the root key was split at initialisation. Stored beneath the barrier unencrypted (as Vault's
/// <c>core/seal-config</c>): it is needed to unseal, and holds nothing secret.
/// </summary>
public sealed record SealConfiguration(int SecretShares, int SecretThreshold)
{
    public const string StorageKey = "core/seal-config";

    /// <summary>Vault's checks of <c>secret_shares</c> and <c>secret_threshold</c>, with its wording; null when valid.</summary>
    public string? Problem => (SecretShares, SecretThreshold) switch
    {
        ( < 1, _) => "shares must be at least one",
        (_, < 1) => "threshold must be at least one",
        ( > 1, 1) => "threshold must be greater than one for multiple shares",
        ( > ShamirSecretSharing.MaxShares, _) => "shares must be less than 256",
        var (shares, threshold) when threshold > shares => "threshold cannot be larger than shares",
        _ => null,
    };
}
