using System.Globalization;
using DevVault.Core;

namespace DevVault.Transit;

/// <summary>Vault's <c>vault:v&lt;version&gt;:&lt;base64&gt;</c> envelope for ciphertexts, HMACs and signatures.</summary>
public static class TransitCiphertext
{
    private const string Prefix = "vault:";

    public static string Format(int version, byte[] blob) => Prefix + "v" + version.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToBase64String(blob);

    /// <summary>Splits and checks a value with Vault's exact error texts; the version must be usable under the key's policy.</summary>
    public static byte[] Parse(string value, TransitKey key, out int version, bool base64Url = false)
    {
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw VaultException.BadRequest("invalid ciphertext: no prefix");
        }

        var rest = value.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0)
        {
            throw VaultException.BadRequest("invalid ciphertext: wrong number of fields");
        }

        var versionText = rest[..colon];
        if (!versionText.StartsWith("v") || !int.TryParse(versionText[1..], NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            throw VaultException.BadRequest("invalid ciphertext: version number could not be decoded");
        }

        // Vault treats v0 as the first version of keys that predate versioning.
        if (version == 0)
        {
            version = 1;
        }

        if (version < key.Record.MinDecryptionVersion)
        {
            throw VaultException.BadRequest("ciphertext or signature version is disallowed by policy (too old)");
        }

        if (version > key.Record.LatestVersion)
        {
            throw VaultException.BadRequest("invalid ciphertext: version is too new");
        }

        var payload = rest[(colon + 1)..].ToString();
        try
        {
            if (base64Url)
            {
                payload = payload.Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            }

            return Convert.FromBase64String(payload);
        }
        catch (FormatException)
        {
            throw VaultException.BadRequest("invalid ciphertext: could not decode base64");
        }
    }
}
