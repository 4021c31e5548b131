using System.Text.Json;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Transit;

/// <summary>
/// Encryption as a service on one transit mount (VAULT-API 6). Plaintexts, contexts and HMAC inputs are bytes;
/// ciphertexts and HMACs are Vault's <c>vault:vN:...</c> strings. Batch calls fail as a whole if any item fails.
/// </summary>
public sealed class TransitClient
{
    private readonly VaultTransport _transport;

    internal TransitClient(string mount, VaultTransport transport)
    {
        Mount = VaultPath.Trim(mount);
        _transport = transport;
    }

    public string Mount { get; }

    public async Task<string> EncryptAsync(string key, ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        var data = await SendAsync("encrypt", key, new TransitRequest { Plaintext = B64(plaintext), Context = B64(context) }, cancellationToken).ConfigureAwait(false);
        return data.Ciphertext ?? throw Missing("encrypt", "ciphertext");
    }

    public async Task<IReadOnlyList<string>> EncryptBatchAsync(string key, IEnumerable<ReadOnlyMemory<byte>> plaintexts, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        var batch = plaintexts.Select(p => new TransitRequest { Plaintext = B64(p), Context = B64(context) }).ToList();
        var results = await SendBatchAsync("encrypt", key, batch, cancellationToken).ConfigureAwait(false);
        return results.Select(r => r.Ciphertext ?? throw Missing("encrypt", "ciphertext")).ToArray();
    }

    public async Task<byte[]> DecryptAsync(string key, string ciphertext, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ciphertext);
        var data = await SendAsync("decrypt", key, new TransitRequest { Ciphertext = ciphertext, Context = B64(context) }, cancellationToken).ConfigureAwait(false);
        return Convert.FromBase64String(data.Plaintext ?? throw Missing("decrypt", "plaintext"));
    }

    public async Task<IReadOnlyList<byte[]>> DecryptBatchAsync(string key, IEnumerable<string> ciphertexts, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        var batch = ciphertexts.Select(c => new TransitRequest { Ciphertext = c, Context = B64(context) }).ToList();
        var results = await SendBatchAsync("decrypt", key, batch, cancellationToken).ConfigureAwait(false);
        return results.Select(r => Convert.FromBase64String(r.Plaintext ?? throw Missing("decrypt", "plaintext"))).ToArray();
    }

    /// <summary>Re-encrypts with the key's latest version without revealing the plaintext.</summary>
    public async Task<string> RewrapAsync(string key, string ciphertext, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        var data = await SendAsync("rewrap", key, new TransitRequest { Ciphertext = ciphertext, Context = B64(context) }, cancellationToken).ConfigureAwait(false);
        return data.Ciphertext ?? throw Missing("rewrap", "ciphertext");
    }

    public async Task<IReadOnlyList<string>> RewrapBatchAsync(string key, IEnumerable<string> ciphertexts, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        var batch = ciphertexts.Select(c => new TransitRequest { Ciphertext = c, Context = B64(context) }).ToList();
        var results = await SendBatchAsync("rewrap", key, batch, cancellationToken).ConfigureAwait(false);
        return results.Select(r => r.Ciphertext ?? throw Missing("rewrap", "ciphertext")).ToArray();
    }

    public async Task<string> HmacAsync(string key, ReadOnlyMemory<byte> input, string algorithm = "sha2-256", CancellationToken cancellationToken = default)
    {
        var data = await SendAsync("hmac", key + "/" + algorithm, new TransitRequest { Input = B64(input) }, cancellationToken).ConfigureAwait(false);
        return data.Hmac ?? throw Missing("hmac", "hmac");
    }

    public async Task<IReadOnlyList<string>> HmacBatchAsync(string key, IEnumerable<ReadOnlyMemory<byte>> inputs, string algorithm = "sha2-256", CancellationToken cancellationToken = default)
    {
        var batch = inputs.Select(i => new TransitRequest { Input = B64(i) }).ToList();
        var results = await SendBatchAsync("hmac", key + "/" + algorithm, batch, cancellationToken).ConfigureAwait(false);
        return results.Select(r => r.Hmac ?? throw Missing("hmac", "hmac")).ToArray();
    }

    public async Task<bool> VerifyHmacAsync(string key, ReadOnlyMemory<byte> input, string hmac, string algorithm = "sha2-256", CancellationToken cancellationToken = default)
    {
        var data = await SendAsync("verify", key + "/" + algorithm, new TransitRequest { Input = B64(input), Hmac = hmac }, cancellationToken).ConfigureAwait(false);
        return data.Valid ?? throw Missing("verify", "valid");
    }

    /// <summary>Generates a data key; with <paramref name="includePlaintext"/> false only its ciphertext is returned.</summary>
    public async Task<TransitDataKey> GenerateDataKeyAsync(string key, bool includePlaintext = true, int bits = 256, ReadOnlyMemory<byte>? context = null, CancellationToken cancellationToken = default)
    {
        var kind = includePlaintext ? "plaintext" : "wrapped";
        var data = await SendAsync("datakey", kind + "/" + key, new TransitRequest { Bits = bits, Context = B64(context) }, cancellationToken).ConfigureAwait(false);
        return new TransitDataKey(
            data.Ciphertext ?? throw Missing("datakey", "ciphertext"),
            data.Plaintext is { } p ? Convert.FromBase64String(p) : null,
            data.KeyVersion);
    }

    public async Task<byte[]> GenerateRandomAsync(int bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        var request = new VaultRequest(HttpMethod.Post, Mount + "/random", "transit.random")
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(new TransitRequest { Bytes = bytes, Format = "base64" }, VaultJsonContext.Default.TransitRequest),
        };
        var data = await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseTransitResponseData, cancellationToken).ConfigureAwait(false);
        return Convert.FromBase64String(data?.RandomBytes ?? throw Missing("random", "random_bytes"));
    }

    private async Task<TransitResponseData> SendAsync(string operation, string keyPath, TransitRequest body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPath);
        var request = new VaultRequest(HttpMethod.Post, string.Concat(Mount, "/", operation, "/", VaultPath.Escape(keyPath)), "transit." + operation)
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(body, VaultJsonContext.Default.TransitRequest),
        };
        return await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseTransitResponseData, cancellationToken).ConfigureAwait(false)
            ?? throw Missing(operation, "data");
    }

    private async Task<List<TransitResponseData>> SendBatchAsync(string operation, string keyPath, List<TransitRequest> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var data = await SendAsync(operation, keyPath, new TransitRequest { BatchInput = batch }, cancellationToken).ConfigureAwait(false);
        var results = data.BatchResults ?? throw Missing(operation, "batch_results");
        var failed = results.Where(r => !string.IsNullOrEmpty(r.Error)).Select(r => r.Error!).ToArray();
        if (failed.Length > 0 || results.Count != batch.Count)
        {
            throw new VaultApiException($"transit.{operation} batch on {Mount} failed for {failed.Length} of {batch.Count} items.", System.Net.HttpStatusCode.BadRequest, failed);
        }

        return results;
    }

    private static string? B64(ReadOnlyMemory<byte>? value) => value is { } v ? Convert.ToBase64String(v.Span) : null;

    private VaultApiException Missing(string operation, string field) =>
        new($"Vault's answer to transit.{operation} on {Mount} had no '{field}'.", System.Net.HttpStatusCode.OK);
}
