using System.Text;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Cubbyhole;
using DevVault.Http;
using DevVault.Tokens;

namespace DevVault.Wrapping;

/// <summary>
/// Response wrapping (VAULT-API.md 1.10): a reply is stored in the cubbyhole of a new single-use token with the
/// <c>response-wrapping</c> policy, and the client gets only that token; unwrapping returns the original verbatim.
/// </summary>
public sealed class ResponseWrapper(TokenStore tokens, CubbyholeStore cubbyholes, TimeProvider time)
{
    public const string Policy = "response-wrapping";
    private const string ResponseKey = "response";
    private const string InfoKey = "wrapinfo";
    private const string InvalidToken = "wrapping token is not valid or does not exist";

    public static bool IsWrappingToken(TokenEntry token) => token.Policies is [Policy];

    public async ValueTask<LogicalResponse> WrapAsync(LogicalRequest request, LogicalResponse response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var json = response.IsEmpty ? "" : EnvelopeWriter.ToJson(request, response);
        return await StoreAsync(json, request.Path.TrimEnd('/'), ttl, response.Auth?.Accessor, cancellationToken);
    }

    /// <summary>Unwraps with a wrapping token already validated as the request's own token.</summary>
    public async ValueTask<LogicalResponse> UnwrapOwnAsync(TokenEntry wrappingToken, CancellationToken cancellationToken)
    {
        if (!IsWrappingToken(wrappingToken))
        {
            throw VaultException.BadRequest(InvalidToken);
        }

        return await TakeAsync(wrappingToken, cancellationToken);
    }

    /// <summary>Unwraps a wrapping token given in the body; consumes its single use atomically.</summary>
    public async ValueTask<LogicalResponse> UnwrapAsync(string wrappingTokenId, CancellationToken cancellationToken)
    {
        var entry = await tokens.LookupAsync(wrappingTokenId, cancellationToken);
        if (entry is null || !IsWrappingToken(entry) || await tokens.UseAsync(wrappingTokenId, cancellationToken) is null)
        {
            throw VaultException.BadRequest(InvalidToken);
        }

        return await TakeAsync(entry, cancellationToken);
    }

    public async ValueTask<JsonObject> LookupAsync(string wrappingTokenId, CancellationToken cancellationToken)
    {
        var entry = await tokens.LookupAsync(wrappingTokenId, cancellationToken);
        if (entry is null || !IsWrappingToken(entry))
        {
            throw VaultException.BadRequest(InvalidToken);
        }

        var info = await cubbyholes.For(entry.Id).GetAsync(InfoKey, cancellationToken) ?? throw VaultException.BadRequest(InvalidToken);
        return JsonNode.Parse(info)!.AsObject();
    }

    /// <summary>Moves a wrapped reply to a new wrapping token with the same TTL and creation path.</summary>
    public async ValueTask<LogicalResponse> RewrapAsync(string wrappingTokenId, CancellationToken cancellationToken)
    {
        var info = await LookupAsync(wrappingTokenId, cancellationToken);
        var unwrapped = await UnwrapAsync(wrappingTokenId, cancellationToken);
        var ttl = TimeSpan.FromSeconds(info["creation_ttl"]!.GetValue<long>());
        return await StoreAsync(unwrapped.RawJson ?? "", info["creation_path"]!.GetValue<string>(), ttl, null, cancellationToken);
    }

    private async ValueTask<LogicalResponse> TakeAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        var stored = await cubbyholes.For(entry.Id).GetAsync(ResponseKey, cancellationToken);
        await tokens.RevokeTreeAsync(entry.Id, cancellationToken);
        if (stored is null)
        {
            throw VaultException.BadRequest(InvalidToken);
        }

        var json = Encoding.UTF8.GetString(stored);
        return new LogicalResponse { RawJson = json, StatusCode = json.Length == 0 ? 204 : 200 };
    }

    private async ValueTask<LogicalResponse> StoreAsync(string json, string creationPath, TimeSpan ttl, string? wrappedAccessor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entry = new TokenEntry
        {
            Id = Ids.ServiceToken(),
            Accessor = Ids.Accessor(),
            Policies = [Policy],
            Path = creationPath,
            DisplayName = "",
            NumUses = 1,
            CreationTime = now,
            CreationTtl = ttl,
            ExpireTime = now + ttl,
            MaxTtl = ttl,
            Renewable = false,
        };
        await tokens.CreateAsync(entry, cancellationToken);

        var cubbyhole = cubbyholes.For(entry.Id);
        await cubbyhole.PutAsync(ResponseKey, Encoding.UTF8.GetBytes(json), cancellationToken);
        var info = new JsonObject
        {
            ["creation_path"] = creationPath,
            ["creation_time"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture),
            ["creation_ttl"] = ttl.ToSeconds(),
        };
        await cubbyhole.PutAsync(InfoKey, Encoding.UTF8.GetBytes(info.ToJsonString(VaultJson.SerializerOptions)), cancellationToken);

        return new LogicalResponse
        {
            WrapInfo = new WrapInfo
            {
                Token = entry.Id,
                Accessor = entry.Accessor,
                Ttl = ttl,
                CreationTime = now,
                CreationPath = creationPath,
                WrappedAccessor = wrappedAccessor,
            },
        };
    }
}
