using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.AppRole;

/// <summary>Reading, validating and writing AppRole role parameters, including the per-field sub-paths.</summary>
public static class RoleFields
{
    // Sub-path → body field it edits (Vault's role/:name/<field> endpoints).
    private static readonly Dictionary<string, string> SubPaths = new(StringComparer.Ordinal)
    {
        ["policies"] = "token_policies",
        ["token-policies"] = "token_policies",
        ["secret-id-num-uses"] = "secret_id_num_uses",
        ["secret-id-ttl"] = "secret_id_ttl",
        ["token-ttl"] = "token_ttl",
        ["token-max-ttl"] = "token_max_ttl",
        ["token-num-uses"] = "token_num_uses",
        ["bind-secret-id"] = "bind_secret_id",
        ["secret-id-bound-cidrs"] = "secret_id_bound_cidrs",
        ["token-bound-cidrs"] = "token_bound_cidrs",
        ["period"] = "token_period",
        ["local-secret-ids"] = "local_secret_ids",
    };

    public static bool IsField(string subPath) => SubPaths.ContainsKey(subPath);

    public static void Apply(RoleEntry role, JsonObject data, List<string> warnings, bool isNew)
    {
        if (data.GetBool("bind_secret_id") is { } bind)
        {
            role.BindSecretId = bind;
        }

        if ((data.GetStringList("secret_id_bound_cidrs") ?? data.GetStringList("bound_cidr_list")) is { } cidrs)
        {
            Validate(cidrs, "secret_id_bound_cidrs");
            role.SecretIdBoundCidrs = cidrs;
        }

        if (data.GetInt("secret_id_num_uses") is { } secretUses)
        {
            role.SecretIdNumUses = secretUses < 0 ? throw VaultException.BadRequest("secret_id_num_uses cannot be negative") : secretUses;
        }

        if (data.GetDuration("secret_id_ttl") is { } secretTtl)
        {
            role.SecretIdTtl = NonNegative(secretTtl, "secret_id_ttl");
        }

        if (isNew && data.GetBool("local_secret_ids") is { } local)
        {
            role.LocalSecretIds = local;
        }

        if (data.GetDuration("token_ttl") is { } ttl)
        {
            role.TokenTtl = NonNegative(ttl, "token_ttl");
        }

        if (data.GetDuration("token_max_ttl") is { } maxTtl)
        {
            role.TokenMaxTtl = NonNegative(maxTtl, "token_max_ttl");
        }

        if (data.GetDuration("token_explicit_max_ttl") is { } explicitMax)
        {
            role.TokenExplicitMaxTtl = NonNegative(explicitMax, "token_explicit_max_ttl");
        }

        if (data.GetStringList("token_policies") is { } policies)
        {
            role.TokenPolicies = [.. policies.Select(p => p.ToLowerInvariant()).Distinct()];
        }
        else if (data.GetStringList("policies") is { } legacyPolicies)
        {
            role.TokenPolicies = [.. legacyPolicies.Select(p => p.ToLowerInvariant()).Distinct()];
            warnings.Add("\"policies\" is deprecated, please use \"token_policies\" instead");
        }

        if (data.GetStringList("token_bound_cidrs") is { } tokenCidrs)
        {
            Validate(tokenCidrs, "token_bound_cidrs");
            role.TokenBoundCidrs = tokenCidrs;
        }

        if (data.GetBool("token_no_default_policy") is { } noDefault)
        {
            role.TokenNoDefaultPolicy = noDefault;
        }

        if (data.GetInt("token_num_uses") is { } tokenUses)
        {
            role.TokenNumUses = tokenUses < 0 ? throw VaultException.BadRequest("token_num_uses cannot be negative") : tokenUses;
        }

        if ((data.GetDuration("token_period") ?? data.GetDuration("period")) is { } period)
        {
            role.TokenPeriod = NonNegative(period, "token_period");
        }

        if (data.GetString("token_type") is { } type)
        {
            role.TokenType = type switch
            {
                "service" or "batch" or "default" => type,
                "default-service" or "default-batch" => AddWarning(warnings, type),
                _ => throw VaultException.BadRequest($"invalid 'token_type' value \"{type}\""),
            };
        }

        if (role.TokenMaxTtl > 0 && role.TokenTtl > role.TokenMaxTtl)
        {
            throw VaultException.BadRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
        }

        if (!role.BindSecretId && role.SecretIdBoundCidrs.Count == 0 && role.TokenBoundCidrs.Count == 0)
        {
            throw VaultException.BadRequest("at least one constraint should be enabled on the role");
        }

        if (role.TokenType == "batch" && (role.TokenPeriod > 0 || role.TokenNumUses > 0))
        {
            throw VaultException.BadRequest("batch tokens cannot have a period or a number of uses");
        }
    }

    public static JsonObject ReadAll(RoleEntry role) => new()
    {
        ["bind_secret_id"] = role.BindSecretId,
        ["local_secret_ids"] = role.LocalSecretIds,
        ["secret_id_bound_cidrs"] = JsonArrays.Strings(role.SecretIdBoundCidrs),
        ["secret_id_num_uses"] = role.SecretIdNumUses,
        ["secret_id_ttl"] = role.SecretIdTtl,
        ["token_bound_cidrs"] = JsonArrays.Strings(role.TokenBoundCidrs),
        ["token_explicit_max_ttl"] = role.TokenExplicitMaxTtl,
        ["token_max_ttl"] = role.TokenMaxTtl,
        ["token_no_default_policy"] = role.TokenNoDefaultPolicy,
        ["token_num_uses"] = role.TokenNumUses,
        ["token_period"] = role.TokenPeriod,
        ["token_policies"] = JsonArrays.Strings(role.TokenPolicies),
        ["token_ttl"] = role.TokenTtl,
        ["token_type"] = role.TokenType,
    };

    public static JsonObject Read(RoleEntry role, string subPath)
    {
        var field = SubPaths[subPath];
        var all = ReadAll(role);
        var data = new JsonObject { [field] = all[field]?.DeepClone() };
        if (subPath == "policies")
        {
            data["policies"] = all["token_policies"]?.DeepClone();
        }
        else if (subPath == "period")
        {
            data["period"] = all["token_period"]?.DeepClone();
        }

        return data;
    }

    /// <summary>The body a sub-path write stands for: the sub-path's own field, or its dash-less alias.</summary>
    public static JsonObject FromSubPath(string subPath, JsonObject data)
    {
        var field = SubPaths[subPath];
        var value = data[field] ?? data[subPath.Replace('-', '_')] ?? data["policies"] ?? data["period"];
        return new JsonObject { [field] = value?.DeepClone() };
    }

    public static JsonObject ResetSubPath(string subPath)
    {
        var field = SubPaths[subPath];
        JsonNode value = field switch
        {
            "bind_secret_id" => true,
            "token_policies" or "secret_id_bound_cidrs" or "token_bound_cidrs" => new JsonArray(),
            "local_secret_ids" => false,
            _ => 0,
        };
        return new JsonObject { [field] = value };
    }

    private static string AddWarning(List<string> warnings, string type)
    {
        warnings.Add($"token_type \"{type}\" changed to \"{type["default-".Length..]}\"");
        return type["default-".Length..];
    }

    private static long NonNegative(TimeSpan value, string field) =>
        value < TimeSpan.Zero ? throw VaultException.BadRequest($"'{field}' cannot be negative") : value.ToSeconds();

    private static void Validate(List<string> cidrs, string field)
    {
        foreach (var cidr in cidrs.Where(c => !Cidr.IsValid(c)))
        {
            throw VaultException.BadRequest($"invalid CIDR block in {field}: {cidr}");
        }
    }

}
