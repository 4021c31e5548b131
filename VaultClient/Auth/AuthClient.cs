using System.Text.Json;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Auth;

/// <summary>Token and AppRole endpoints (VAULT-API 2, 3.4). The lifecycle lives in <see cref="VaultTokenManager"/>.</summary>
public sealed class AuthClient
{
    private readonly VaultTransport _transport;

    internal AuthClient(VaultTransport transport) => _transport = transport;

    /// <summary>Logs in with AppRole (unauthenticated). Does not change the client's own token.</summary>
    public async Task<VaultAuthInfo> LoginWithAppRoleAsync(string roleId, string? secretId, string mountPath = "approle", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new AppRoleLoginRequest { RoleId = roleId, SecretId = secretId }, VaultJsonContext.Default.AppRoleLoginRequest);
        var request = new VaultRequest(HttpMethod.Post, $"auth/{VaultPath.Trim(mountPath)}/login", "auth.approle.login") { Body = body, Authenticated = false };
        var response = await _transport.SendEnvelopeAsync(request, VaultJsonContext.Default.VaultResponseVaultNoData, cancellationToken).ConfigureAwait(false);
        return response?.Auth ?? throw new VaultApiException($"Vault's answer to {request.Operation} {request.Path} had no auth block.");
    }

    /// <summary>Looks up the client's own token.</summary>
    public async Task<VaultTokenLookup> LookupSelfAsync(CancellationToken cancellationToken = default) =>
        await _transport.SendAsync(new VaultRequest(HttpMethod.Get, "auth/token/lookup-self", "auth.token.lookup-self"), VaultJsonContext.Default.VaultResponseVaultTokenLookup, cancellationToken).ConfigureAwait(false)
        ?? throw new VaultApiException("Vault's answer to auth/token/lookup-self had no data.");

    /// <summary>Looks up <paramref name="token"/> by presenting it (lookup-self), so no extra permission is needed.</summary>
    public async Task<VaultTokenLookup> LookupTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var request = new VaultRequest(HttpMethod.Get, "auth/token/lookup-self", "auth.token.lookup-self") { TokenOverride = token };
        return await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseVaultTokenLookup, cancellationToken).ConfigureAwait(false)
            ?? throw new VaultApiException("Vault's answer to auth/token/lookup-self had no data.");
    }

    /// <summary>Renews the client's own token by <paramref name="increment"/> (a request; Vault caps it at the max TTL).</summary>
    public Task<VaultAuthInfo> RenewSelfAsync(TimeSpan? increment = null, CancellationToken cancellationToken = default) =>
        RenewTokenAsync(null, increment, cancellationToken);

    /// <summary>Revokes the client's own token and, with it, its child tokens and leases.</summary>
    public Task RevokeSelfAsync(CancellationToken cancellationToken = default) => RevokeTokenAsync(null, cancellationToken);

    /// <summary>Creates a token (admin use: tests, bootstrapping). Returns the auth block holding the new token.</summary>
    public async Task<VaultAuthInfo> CreateTokenAsync(TokenCreateRequest request, CancellationToken cancellationToken = default)
    {
        var path = request.Orphan ? "auth/token/create-orphan" : "auth/token/create";
        var body = JsonSerializer.SerializeToUtf8Bytes(request, VaultJsonContext.Default.TokenCreateRequest);
        var response = await _transport.SendEnvelopeAsync(new VaultRequest(HttpMethod.Post, path, "auth.token.create") { Body = body }, VaultJsonContext.Default.VaultResponseVaultNoData, cancellationToken).ConfigureAwait(false);
        return response?.Auth ?? throw new VaultApiException($"Vault's answer to auth.token.create {path} had no auth block.");
    }

    internal async Task<VaultAuthInfo> RenewTokenAsync(string? token, TimeSpan? increment, CancellationToken cancellationToken)
    {
        var body = increment is { } i
            ? JsonSerializer.SerializeToUtf8Bytes(new TokenRenewRequest { Increment = (long)i.TotalSeconds }, VaultJsonContext.Default.TokenRenewRequest)
            : "{}"u8.ToArray();
        var request = new VaultRequest(HttpMethod.Post, "auth/token/renew-self", "auth.token.renew-self") { Body = body, TokenOverride = token };
        var response = await _transport.SendEnvelopeAsync(request, VaultJsonContext.Default.VaultResponseVaultNoData, cancellationToken).ConfigureAwait(false);
        return response?.Auth ?? throw new VaultApiException("Vault's answer to auth/token/renew-self had no auth block.");
    }

    internal Task RevokeTokenAsync(string? token, CancellationToken cancellationToken) =>
        _transport.SendAsync(new VaultRequest(HttpMethod.Post, "auth/token/revoke-self", "auth.token.revoke-self") { TokenOverride = token }, cancellationToken);
}

internal sealed class AppRoleLoginRequest
{
    public string RoleId { get; init; } = "";

    public string? SecretId { get; init; }
}

internal sealed class TokenRenewRequest
{
    public long Increment { get; init; }
}

/// <summary>Body of <c>auth/token/create</c>; unset members are omitted so Vault's defaults apply.</summary>
public sealed class TokenCreateRequest
{
    public IReadOnlyList<string>? Policies { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? Ttl { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? ExplicitMaxTtl { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? Period { get; init; }

    public bool? Renewable { get; init; }

    public string? DisplayName { get; init; }

    public int? NumUses { get; init; }

    public bool? NoDefaultPolicy { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>Create through <c>create-orphan</c>, so the token outlives its creator.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Orphan { get; init; }
}
