using System.Text.Json;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Auth;

/// <summary>Response wrapping (VAULT-API 1.10): look up without consuming, unwrap once, wrap arbitrary data.</summary>
public sealed class WrappingClient
{
    private readonly VaultTransport _transport;

    internal WrappingClient(VaultTransport transport) => _transport = transport;

    /// <summary>Where and when a wrapping token was created; does not consume it.</summary>
    public async Task<VaultWrappingLookup> LookupAsync(string wrappingToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wrappingToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(new WrappingTokenRequest { Token = wrappingToken }, VaultJsonContext.Default.WrappingTokenRequest);
        var request = new VaultRequest(HttpMethod.Post, "sys/wrapping/lookup", "sys.wrapping.lookup") { Body = body, Authenticated = false };
        return await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseVaultWrappingLookup, cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException("Vault's answer to sys/wrapping/lookup had no data.");
    }

    /// <summary>Unwraps (and so consumes) a wrapping token, returning the wrapped response's <c>data</c> as strings.</summary>
    public async Task<Dictionary<string, string>> UnwrapAsync(string wrappingToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wrappingToken);
        var request = new VaultRequest(HttpMethod.Post, "sys/wrapping/unwrap", "sys.wrapping.unwrap") { TokenOverride = wrappingToken };
        Dictionary<string, JsonElement>? data;
        try
        {
            data = await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseDictionaryStringJsonElement, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            // Presented as the client token, a used or expired wrapping token fails authentication before unwrap runs.
            throw new VaultApiException("The wrapping token is not valid or does not exist: it was already unwrapped, has expired, or never existed.", e.StatusCode, e.Errors, e)
            {
                WrappingTokenRejected = true,
            };
        }

        return data?.ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()) ?? [];
    }

    /// <summary>Wraps <paramref name="data"/> in a single-use token valid for <paramref name="ttl"/>.</summary>
    public async Task<VaultWrapInfo> WrapAsync(IReadOnlyDictionary<string, string> data, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(data, VaultJsonContext.Default.IReadOnlyDictionaryStringString);
        var request = new VaultRequest(HttpMethod.Post, "sys/wrapping/wrap", "sys.wrapping.wrap") { Body = body, WrapTtl = ttl };
        var response = await _transport.SendEnvelopeAsync(request, VaultJsonContext.Default.VaultResponseVaultNoData, cancellationToken).ConfigureAwait(false);
        return response?.WrapInfo ?? throw new VaultApiException("Vault's answer to sys/wrapping/wrap had no wrap_info.");
    }

    internal async Task<string> UnwrapSecretIdAsync(string wrappingToken, CancellationToken cancellationToken)
    {
        var data = await UnwrapAsync(wrappingToken, cancellationToken).ConfigureAwait(false);
        return data.TryGetValue("secret_id", out var secretId) && secretId.Length > 0
            ? secretId
            : throw new VaultApiException("The unwrapped response holds no secret_id: the wrapping token did not wrap an AppRole secret id.");
    }
}

internal sealed class WrappingTokenRequest
{
    public string Token { get; init; } = "";
}
