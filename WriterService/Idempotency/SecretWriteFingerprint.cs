using System.Security.Cryptography;
using System.Text;
using VaultDemo.WriterService.Secrets;

namespace VaultDemo.WriterService.Idempotency;

/// <summary>
/// Tells a retry from a different request under the same Idempotency-Key: SHA-256 of the path, the cas and the data's
/// keys. Values are left out on purpose: this lands in PostgreSQL, where a hash of a short secret could be guessed.
/// </summary>
internal static class SecretWriteFingerprint
{
    public static byte[] Of(string path, SecretWriteRequest request)
    {
        var text = new StringBuilder(path).Append('\n').Append(request.Cas?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        foreach (var key in request.Data.Keys.Order(StringComparer.Ordinal))
        {
            text.Append('\n').Append(key); // keys are safe names: no line breaks to confuse the framing
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
