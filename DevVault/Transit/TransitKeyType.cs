namespace DevVault.Transit;

/// <summary>The key types DevVault's transit engine supports, by Vault's wire names.</summary>
public enum TransitKeyType
{
    Aes128Gcm96,
    Aes256Gcm96,
    ChaCha20Poly1305,
    EcdsaP256,
    Ed25519,
    Hmac,
}

public static class TransitKeyTypes
{
    public static string ToWire(this TransitKeyType type) => type switch
    {
        TransitKeyType.Aes128Gcm96 => "aes128-gcm96",
        TransitKeyType.Aes256Gcm96 => "aes256-gcm96",
        TransitKeyType.ChaCha20Poly1305 => "chacha20-poly1305",
        TransitKeyType.EcdsaP256 => "ecdsa-p256",
        TransitKeyType.Ed25519 => "ed25519",
        TransitKeyType.Hmac => "hmac",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string wire, out TransitKeyType type)
    {
        foreach (var candidate in Enum.GetValues<TransitKeyType>())
        {
            if (candidate.ToWire() == wire)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static bool SupportsEncryption(this TransitKeyType type) =>
        type is TransitKeyType.Aes128Gcm96 or TransitKeyType.Aes256Gcm96 or TransitKeyType.ChaCha20Poly1305;

    public static bool SupportsSigning(this TransitKeyType type) => type is TransitKeyType.EcdsaP256 or TransitKeyType.Ed25519;

    public static bool IsAsymmetric(this TransitKeyType type) => type is TransitKeyType.EcdsaP256 or TransitKeyType.Ed25519;

    /// <summary>Symmetric key length in bytes (HMAC keys default to 32 unless <c>key_size</c> says otherwise).</summary>
    public static int KeyLength(this TransitKeyType type) => type == TransitKeyType.Aes128Gcm96 ? 16 : 32;
}
