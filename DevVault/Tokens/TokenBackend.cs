using System.Globalization;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Policies;

namespace DevVault.Tokens;

/// <summary>The <c>auth/token/</c> method: create, lookup, renew and revoke tokens (VAULT-API.md section 2).</summary>
public sealed class TokenBackend(TokenStore tokens, TokenRoleStore roles, IServiceProvider services) : IBackend
{
    private readonly IPolicyStore? _policies = services.GetService<IPolicyStore>();

    public string Type => "token";

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => ["revoke-orphan", "revoke-orphan/*", "accessors*"];

    public async ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        request.RelativePath.StartsWith("roles/", StringComparison.Ordinal) && request.RelativePath.TrimEnd('/').Length > "roles/".Length
            ? await roles.ExistsAsync(request.RelativePath.TrimEnd('/')["roles/".Length..], cancellationToken)
            : null;

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var path = request.RelativePath.TrimEnd('/');
        var write = request.Operation is Operation.Create or Operation.Update;
        var caller = request.Token!;
        return path switch
        {
            "create" when write && request.Data.GetString("role_name") is { Length: > 0 } roleName =>
                await CreateAsync(request, orphanPath: false, await RequireRoleAsync(roleName, cancellationToken), cancellationToken),
            "create" or "create-orphan" when write => await CreateAsync(request, orphanPath: path == "create-orphan", null, cancellationToken),
            _ when path.StartsWith("create/", StringComparison.Ordinal) && write =>
                await CreateAsync(request, orphanPath: false, await RequireRoleAsync(path["create/".Length..], cancellationToken), cancellationToken),
            "roles" or "roles/" => await roles.HandleAsync(request, "", cancellationToken),
            _ when path.StartsWith("roles/", StringComparison.Ordinal) => await roles.HandleAsync(request, path["roles/".Length..], cancellationToken),
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

    private async ValueTask<TokenRole> RequireRoleAsync(string name, CancellationToken cancellationToken) =>
        await roles.GetAsync(name, cancellationToken) ?? throw VaultException.BadRequest($"unknown role {name}");

    private async ValueTask<LogicalResponse> CreateAsync(LogicalRequest request, bool orphanPath, TokenRole? role, CancellationToken cancellationToken)
    {
        var parent = request.Token!;
        var data = request.Data;
        var privileged = request.HasSudo;
        var response = new LogicalResponse();

        if (parent.NumUses != 0)
        {
            throw VaultException.BadRequest("restricted use token cannot generate child tokens");
        }

        var type = data.GetString("type") ?? role?.TokenType switch
        {
            "batch" or "default-batch" => "batch",
            _ => "service",
        };
        if (role?.TokenType == "service" && type == "batch" || role?.TokenType == "batch" && type == "service")
        {
            throw VaultException.BadRequest($"token type \"{type}\" does not match the role's type \"{role.TokenType}\"");
        }

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
        if (role is { TokenPeriod: > 0 })
        {
            // A role's period needs no sudo: whoever wrote the role had the right to grant it.
            period = TimeSpan.FromSeconds(role.TokenPeriod);
        }
        else if (period > TimeSpan.Zero && !privileged)
        {
            throw VaultException.BadRequest("root or sudo privileges required to create periodic token");
        }

        var numUses = data.GetInt("num_uses") ?? 0;
        if (numUses < 0)
        {
            throw VaultException.BadRequest("number of uses cannot be negative");
        }

        if (role is { TokenNumUses: > 0 } && (numUses == 0 || numUses > role.TokenNumUses))
        {
            numUses = role.TokenNumUses;
        }

        var policies = role is null
            ? await PoliciesAsync(parent, data, privileged, response, cancellationToken)
            : await RolePoliciesAsync(parent, role, data, privileged, response, cancellationToken);
        var ttl = data.GetDuration("ttl") ?? data.GetDuration("lease") ?? TimeSpan.Zero;
        var explicitMaxTtl = data.GetDuration("explicit_max_ttl") ?? TimeSpan.Zero;
        if (role is { TokenExplicitMaxTtl: > 0 } && (explicitMaxTtl == TimeSpan.Zero || explicitMaxTtl.ToSeconds() > role.TokenExplicitMaxTtl))
        {
            explicitMaxTtl = TimeSpan.FromSeconds(role.TokenExplicitMaxTtl);
        }
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
                Parent = orphanPath || noParent || role is { Orphan: true } ? "" : parent.Id,
                Policies = policies,
                Path = role is { PathSuffix.Length: > 0 } ? $"auth/token/create/{role.Name}/{role.PathSuffix}" : role is null ? request.Path.TrimEnd('/') : $"auth/token/create/{role.Name}",
                Role = role?.Name ?? "",
                BoundCidrs = role?.TokenBoundCidrs ?? [],
                Meta = data.GetStringMap("meta") ?? new Dictionary<string, string>(StringComparer.Ordinal),
                DisplayName = displayName,
                NumUses = (int)numUses,
                CreationTime = now,
                CreationTtl = grantedTtl,
                ExpireTime = nonExpiringRoot ? null : now + grantedTtl,
                ExplicitMaxTtl = explicitMaxTtl,
                MaxTtl = period > TimeSpan.Zero ? TimeSpan.Zero : maxTtl,
                Period = period,
                Renewable = !nonExpiringRoot && data.GetBool("renewable", true) && role is not { Renewable: false },
            },
            cancellationToken);

        response.Auth = ToAuth(entry, grantedTtl);
        return response;
    }

    /// <summary>
    /// Policies for a token created from a role. A role with allowed policies trumps the parent's: the token may
    /// have any of them (by default all), and nothing else. Disallowed policies are refused either way.
    /// </summary>
    private async ValueTask<List<string>> RolePoliciesAsync(TokenEntry parent, TokenRole role, JsonObject data, bool privileged, LogicalResponse response, CancellationToken cancellationToken)
    {
        var requested = data.GetStringList("policies")?.Select(p => p.ToLowerInvariant()).ToList() ?? [];
        List<string> policies;
        if (role.AllowedPolicies.Count > 0 || role.AllowedPoliciesGlob.Count > 0)
        {
            policies = requested.Count > 0 ? requested : [.. role.AllowedPolicies];
            var outside = policies.Where(p => p != "default" && !role.AllowedPolicies.Contains(p) && !role.AllowedPoliciesGlob.Any(g => Glob.Matches(g, p))).ToList();
            if (outside.Count > 0)
            {
                throw VaultException.BadRequest($"token policies ({Quoted(policies)}) must be subset of the role's allowed policies ({Quoted(role.AllowedPolicies)})");
            }
        }
        else
        {
            policies = requested.Count > 0 ? requested : [.. parent.Policies.Where(p => p != "root")];
            if (!privileged && !parent.IsRoot && policies.Any(p => p != "default" && !parent.Policies.Contains(p)))
            {
                throw VaultException.BadRequest("child policies must be subset of parent");
            }
        }

        foreach (var policy in policies)
        {
            if (role.DisallowedPolicies.Contains(policy) || role.DisallowedPoliciesGlob.Any(g => Glob.Matches(g, policy)))
            {
                throw VaultException.BadRequest($"token policy \"{policy}\" is disallowed by this role");
            }
        }

        if (policies.Contains("root"))
        {
            throw VaultException.BadRequest("root tokens may not be created from a role");
        }

        var noDefault = role.TokenNoDefaultPolicy || data.GetBool("no_default_policy", false) || role.DisallowedPolicies.Contains("default");
        if (noDefault)
        {
            policies.Remove("default");
        }
        else if (!policies.Contains("default"))
        {
            policies.Add("default");
        }

        await WarnAboutUnknownPoliciesAsync(policies, response, cancellationToken);
        return [.. policies.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    // Go's %q of a []string: ["a" "b"].
    private static string Quoted(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(v => $"\"{v}\"")) + "]";

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

        await WarnAboutUnknownPoliciesAsync(policies, response, cancellationToken);
        return [.. policies.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private async ValueTask WarnAboutUnknownPoliciesAsync(List<string> policies, LogicalResponse response, CancellationToken cancellationToken)
    {
        if (_policies is null)
        {
            return;
        }

        foreach (var policy in policies.Where(p => p is not ("root" or "default")))
        {
            if (!await _policies.ExistsAsync(policy, cancellationToken))
            {
                response.Warnings.Add($"Policy \"{policy}\" does not exist");
            }
        }
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
