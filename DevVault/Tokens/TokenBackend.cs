using System.Globalization;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Policies;

namespace DevVault.Tokens;

/// <summary>The <c>auth/token/</c> method: create, lookup, renew and revoke tokens (VAULT-API.md section 2).</summary>
public sealed class TokenBackend(TokenStore tokens, IServiceProvider services) : IBackend
{
    private readonly IPolicyStore? _policies = services.GetService<IPolicyStore>();

    public string Type => "token";

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => ["revoke-orphan", "revoke-orphan/*", "accessors*"];

    public ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<bool?>(null);

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var path = request.RelativePath.TrimEnd('/');
        var write = request.Operation is Operation.Create or Operation.Update;
        var caller = request.Token!;
        return path switch
        {
            "create" or "create-orphan" when write => await CreateAsync(request, orphanPath: path == "create-orphan", cancellationToken),
            _ when path.StartsWith("create/", StringComparison.Ordinal) && write =>
                throw VaultException.BadRequest($"unknown role {path["create/".Length..]}"),
            "lookup-self" when request.Operation is Operation.Read || write => Describe(caller, showId: true),
            "lookup" when write => Describe(await RequireAsync(request.Data.GetString("token"), cancellationToken), showId: true),
            "lookup-accessor" when write => Describe(await RequireByAccessorAsync(request.Data.GetString("accessor"), cancellationToken), showId: false),
            "renew-self" when write => await RenewAsync(caller, request.Data, cancellationToken),
            "renew" when write => await RenewAsync(await RequireForRenewAsync(request.Data.GetString("token"), cancellationToken), request.Data, cancellationToken),
            "renew-accessor" when write => await RenewAsync(await RequireByAccessorAsync(request.Data.GetString("accessor"), cancellationToken), request.Data, cancellationToken),
            "revoke-self" when write => await RevokeAsync(caller.Id, cancellationToken),
            "revoke" when write => await RevokeAsync(RequiredField(request.Data, "token"), cancellationToken),
            "revoke-accessor" when write => await RevokeAccessorAsync(RequiredField(request.Data, "accessor"), cancellationToken),
            "revoke-orphan" when write => await RevokeOrphanAsync(RequiredField(request.Data, "token"), cancellationToken),
            "accessors" when request.Operation == Operation.List => ListAccessors(),
            "create" or "create-orphan" or "lookup-self" or "lookup" or "lookup-accessor" or "renew-self" or "renew" or "renew-accessor"
                or "revoke-self" or "revoke" or "revoke-accessor" or "revoke-orphan" or "accessors" => throw VaultException.UnsupportedOperation(),
            _ => throw VaultException.UnsupportedPath(),
        };
    }

    private async ValueTask<LogicalResponse> CreateAsync(LogicalRequest request, bool orphanPath, CancellationToken cancellationToken)
    {
        var parent = request.Token!;
        var data = request.Data;
        var privileged = request.HasSudo;
        var response = new LogicalResponse();

        if (parent.NumUses != 0)
        {
            throw VaultException.BadRequest("restricted use token cannot generate child tokens");
        }

        var type = data.GetString("type") ?? "service";
        if (type is not ("service" or "default"))
        {
            throw VaultException.BadRequest(type == "batch" ? "batch tokens are not supported by DevVault" : "invalid 'token_type' value");
        }

        var noParent = data.GetBool("no_parent", false);
        if (noParent && !privileged)
        {
            throw VaultException.BadRequest("root or sudo privileges required to create orphan token");
        }

        var id = data.GetString("id");
        if (!string.IsNullOrEmpty(id))
        {
            if (!privileged)
            {
                throw VaultException.BadRequest("root or sudo privileges required to specify token id");
            }

            if (id.Contains('.', StringComparison.Ordinal))
            {
                throw VaultException.BadRequest("token IDs can not contain a '.' character");
            }

            if (await tokens.LookupAsync(id, cancellationToken) is not null)
            {
                throw VaultException.BadRequest("cannot create a token with a duplicate ID");
            }
        }

        var period = data.GetDuration("period") ?? TimeSpan.Zero;
        if (period > TimeSpan.Zero && !privileged)
        {
            throw VaultException.BadRequest("root or sudo privileges required to create periodic token");
        }

        var numUses = data.GetInt("num_uses") ?? 0;
        if (numUses < 0)
        {
            throw VaultException.BadRequest("number of uses cannot be negative");
        }

        var policies = await PoliciesAsync(parent, data, privileged, response, cancellationToken);
        var ttl = data.GetDuration("ttl") ?? data.GetDuration("lease") ?? TimeSpan.Zero;
        var explicitMaxTtl = data.GetDuration("explicit_max_ttl") ?? TimeSpan.Zero;
        var mount = request.Mount!;
        var now = tokens.Now;

        var nonExpiringRoot = policies.Contains("root") && ttl == TimeSpan.Zero && explicitMaxTtl == TimeSpan.Zero && period == TimeSpan.Zero;
        if (nonExpiringRoot && parent.ExpireTime is not null)
        {
            throw VaultException.BadRequest("expiring root tokens cannot create non-expiring root tokens");
        }

        var maxTtl = TokenLifetime.MaxTtl(mount, TimeSpan.Zero, explicitMaxTtl);
        var grantedTtl = nonExpiringRoot ? TimeSpan.Zero : TokenLifetime.InitialTtl(mount, ttl, period, explicitMaxTtl, maxTtl, response.Warnings);
        var displayName = data.GetString("display_name") is { Length: > 0 } name ? "token-" + Sanitize(name) : "token";

        var entry = await tokens.CreateAsync(
            new TokenEntry
            {
                Id = string.IsNullOrEmpty(id) ? Ids.ServiceToken() : id,
                Accessor = Ids.Accessor(),
                Parent = orphanPath || noParent ? "" : parent.Id,
                Policies = policies,
                Path = request.Path.TrimEnd('/'),
                Meta = data.GetStringMap("meta") ?? new Dictionary<string, string>(StringComparer.Ordinal),
                DisplayName = displayName,
                NumUses = (int)numUses,
                CreationTime = now,
                CreationTtl = grantedTtl,
                ExpireTime = nonExpiringRoot ? null : now + grantedTtl,
                ExplicitMaxTtl = explicitMaxTtl,
                MaxTtl = period > TimeSpan.Zero ? TimeSpan.Zero : maxTtl,
                Period = period,
                Renewable = !nonExpiringRoot && data.GetBool("renewable", true),
            },
            cancellationToken);

        response.Auth = ToAuth(entry, grantedTtl);
        return response;
    }

    private async ValueTask<List<string>> PoliciesAsync(TokenEntry parent, JsonObject data, bool privileged, LogicalResponse response, CancellationToken cancellationToken)
    {
        var requested = data.GetStringList("policies");
        var policies = requested is { Count: > 0 }
            ? requested.Select(p => p.ToLowerInvariant()).ToList()
            : parent.Policies.ToList();

        if (policies.Contains("root") && !parent.IsRoot)
        {
            throw VaultException.BadRequest("root tokens may not be created without parent token being root");
        }

        if (!privileged && !parent.IsRoot && requested is { Count: > 0 })
        {
            foreach (var policy in policies)
            {
                if (policy != "default" && !parent.Policies.Contains(policy))
                {
                    throw VaultException.BadRequest("child policies must be subset of parent");
                }
            }
        }

        if (!policies.Contains("root") && !data.GetBool("no_default_policy", false) && !policies.Contains("default"))
        {
            policies.Add("default");
        }
        else if (data.GetBool("no_default_policy", false))
        {
            policies.Remove("default");
        }

        if (_policies is not null)
        {
            foreach (var policy in policies.Where(p => p is not ("root" or "default")))
            {
                if (!await _policies.ExistsAsync(policy, cancellationToken))
                {
                    response.Warnings.Add($"Policy \"{policy}\" does not exist");
                }
            }
        }

        return [.. policies.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private async ValueTask<LogicalResponse> RenewAsync(TokenEntry entry, JsonObject data, CancellationToken cancellationToken)
    {
        if (!entry.Renewable || entry.ExpireTime is null)
        {
            throw VaultException.BadRequest("lease is not renewable");
        }

        var response = new LogicalResponse();
        var ttl = TokenLifetime.RenewalTtl(entry, data.GetDuration("increment") ?? TimeSpan.Zero, tokens.Now, response.Warnings);
        await tokens.RenewedAsync(entry, ttl, cancellationToken);
        response.Auth = ToAuth(entry, ttl);
        return response;
    }

    private async ValueTask<LogicalResponse?> RevokeAsync(string tokenId, CancellationToken cancellationToken)
    {
        await tokens.RevokeTreeAsync(tokenId, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse?> RevokeAccessorAsync(string accessor, CancellationToken cancellationToken)
    {
        var entry = await tokens.LookupByAccessorAsync(accessor, cancellationToken);
        if (entry is not null)
        {
            await tokens.RevokeTreeAsync(entry.Id, cancellationToken);
        }

        return null;
    }

    private async ValueTask<LogicalResponse?> RevokeOrphanAsync(string tokenId, CancellationToken cancellationToken)
    {
        await tokens.RevokeOrphanAsync(tokenId, cancellationToken);
        return null;
    }

    private LogicalResponse ListAccessors()
    {
        var accessors = tokens.Accessors();
        return LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(accessors) });
    }

    private async ValueTask<TokenEntry> RequireAsync(string? tokenId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            throw VaultException.BadRequest("missing token to look up");
        }

        return await tokens.LookupAsync(tokenId, cancellationToken) ?? throw new VaultException(403, "bad token");
    }

    private async ValueTask<TokenEntry> RequireForRenewAsync(string? tokenId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            throw VaultException.BadRequest("missing token ID");
        }

        return await tokens.LookupAsync(tokenId, cancellationToken) ?? throw VaultException.BadRequest("token not found");
    }

    private async ValueTask<TokenEntry> RequireByAccessorAsync(string? accessor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(accessor))
        {
            throw VaultException.BadRequest("missing accessor");
        }

        return await tokens.LookupByAccessorAsync(accessor, cancellationToken)
            ?? throw VaultException.BadRequest("invalid accessor");
    }

    private static string RequiredField(JsonObject data, string name) =>
        data.GetString(name) is { Length: > 0 } value ? value : throw VaultException.BadRequest($"missing {name}");

    private LogicalResponse Describe(TokenEntry entry, bool showId)
    {
        var now = tokens.Now;
        var data = new JsonObject
        {
            ["accessor"] = entry.Accessor,
            ["creation_time"] = entry.CreationTime.ToUnixTimeSeconds(),
            ["creation_ttl"] = entry.CreationTtl.ToSeconds(),
            ["display_name"] = entry.DisplayName,
            ["entity_id"] = entry.EntityId,
            ["expire_time"] = entry.ExpireTime is { } expire ? Rfc3339(expire) : null,
            ["explicit_max_ttl"] = entry.ExplicitMaxTtl.ToSeconds(),
            ["id"] = showId ? entry.Id : "",
            ["issue_time"] = Rfc3339(entry.CreationTime),
            ["meta"] = entry.Meta.Count == 0 ? null : new JsonObject(entry.Meta.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["num_uses"] = Math.Max(0, entry.NumUses),
            ["orphan"] = entry.Orphan,
            ["path"] = entry.Path,
            ["policies"] = JsonArrays.Strings(entry.Policies),
            ["renewable"] = entry.Renewable,
            ["ttl"] = entry.ExpireTime is { } expiry ? Math.Max(0, (long)(expiry - now).TotalSeconds) : 0,
            ["type"] = entry.Type,
        };
        if (entry.LastRenewalTime is { } renewed)
        {
            data["last_renewal_time"] = renewed.ToUnixTimeSeconds();
            data["last_renewal"] = Rfc3339(renewed);
        }

        if (entry.Period > TimeSpan.Zero)
        {
            data["period"] = entry.Period.ToSeconds();
        }

        if (entry.Role.Length > 0)
        {
            data["role"] = entry.Role;
        }

        if (entry.BoundCidrs.Count > 0)
        {
            data["bound_cidrs"] = JsonArrays.Strings(entry.BoundCidrs);
        }

        return LogicalResponse.WithData(data);
    }

    private static AuthInfo ToAuth(TokenEntry entry, TimeSpan ttl) => new()
    {
        ClientToken = entry.Id,
        Accessor = entry.Accessor,
        DisplayName = entry.DisplayName,
        Policies = entry.Policies,
        Metadata = entry.Meta,
        Ttl = ttl,
        Renewable = entry.Renewable,
        Orphan = entry.Orphan,
        NumUses = Math.Max(0, entry.NumUses),
        TokenType = entry.Type,
        EntityId = entry.EntityId,
    };

    private static string Sanitize(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
}
