using DevVault.Core;

namespace DevVault.Seal;

/// <summary>
/// A key share as <c>sys/unseal</c> takes it, with Vault's rules (http/sys_seal.go, vault/core.go unsealFragment):
/// a share is between an AES-128 key and an AES-256 key plus the one-byte x coordinate Shamir appends, and anything
/// outside that range is refused before it can count towards the threshold.
/// </summary>
public static class UnsealKey
{
    public const int MinBytes = 16;
    public const int MaxBytes = 32 + 1;

    /// <summary>
    /// Hex first, but only when that gives a plausible length: a base64 share made only of hex digits must still be
    /// read as base64.
    /// </summary>
    public static byte[] Decode(string key)
    {
        try
        {
            var hex = Convert.FromHexString(key);
            if (hex.Length is >= MinBytes and <= MaxBytes)
            {
                return hex;
            }
        }
        catch (FormatException)
        {
        }

        try
        {
            return Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw VaultException.BadRequest("'key' must be a valid hex or base64 string");
        }
    }

    /// <summary>Vault's <c>ErrInvalidKey</c> wording for a share of the wrong size.</summary>
    public static void CheckLength(byte[] share)
    {
        if (share.Length < MinBytes)
        {
            throw VaultException.BadRequest($"invalid key: key is shorter than minimum {MinBytes} bytes");
        }

        if (share.Length > MaxBytes)
        {
            throw VaultException.BadRequest($"invalid key: key is longer than maximum {MaxBytes} bytes");
        }
    }
}
