using System.Buffers;
using System.Text;
using System.Text.Json;
using VaultDemo.Contracts;
using VaultDemo.WriterService.Secrets;

namespace VaultDemo.WriterService.Idempotency;

/// <summary>
/// Tells a retry from a different request under the same Idempotency-Key: Vault transit's HMAC of the path, the cas
/// and the data, values included, so a "retry" that carries other values is refused (422) instead of being answered
/// with the first request's result as if its own values were stored. Keyed, because it lands in PostgreSQL: a plain
/// hash of a short secret can be found by hashing guesses; without the transit key, this one cannot. A retry that
/// straddles a rotation of the key gets a different HMAC and is refused as a reuse: never written twice.
/// </summary>
internal sealed class SecretWriteFingerprint(VaultClient.VaultClient vault)
{
    public async Task<byte[]> OfAsync(string path, SecretWriteRequest request, CancellationToken cancellationToken)
    {
        var hmac = await vault.Transit.HmacAsync(AppSecrets.TransitKey, Canonical(path, request), cancellationToken: cancellationToken);
        return Encoding.ASCII.GetBytes(hmac);
    }

    /// <summary>JSON frames every field unambiguously; keys are sorted, so the order they came in does not matter.</summary>
    private static ReadOnlyMemory<byte> Canonical(string path, SecretWriteRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(path);
            if (request.Cas is { } cas)
            {
                json.WriteNumberValue(cas);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteStartObject();
            foreach (var (key, value) in request.Data.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteEndArray();
        }

        return buffer.WrittenMemory;
    }
}
