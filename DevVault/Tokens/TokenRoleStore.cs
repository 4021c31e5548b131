using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.Tokens;

/// <summary>
/// <c>auth/token/roles</c> (LIST) and <c>auth/token/roles/:name</c> (read, create/update, delete), with Vault's field
/// names, legacy aliases (<c>period</c>, <c>explicit_max_ttl</c>, <c>bound_cidrs</c>) and validation.
/// </summary>
public sealed class TokenRoleStore(IStorage storage)
{
    private readonly IStorage _storage = new StorageView(storage, "sys/token/roles/");
    private readonly KeyLocks _locks = new();

    public ValueTask<TokenRole?> GetAsync(string name, CancellationToken cancellationToken) =>
        _storage.GetJsonAsync<TokenRole>(name, cancellationToken);

    public async ValueTask<bool> ExistsAsync(string name, CancellationToken cancellationToken) =>
        await _storage.GetAsync(name, cancellationToken) is not null;

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string name, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            if (request.Operation != Operation.List)
            {
                throw VaultException.UnsupportedOperation();
            }

            var names = await _storage.ListAsync("", cancellationToken);
            return names.Count == 0 ? throw VaultException.NotFound() : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(names) });
        }

        switch (request.Operation)
        {
            case Operation.Read:
                return LogicalResponse.WithData(Describe(await GetAsync(name, cancellationToken) ?? throw VaultException.NotFound()));
            case Operation.Create or Operation.Update:
                using (await _locks.AcquireAsync(name, cancellationToken))
                {
                    var role = await GetAsync(name, cancellationToken) ?? new TokenRole { Name = name };
                    var response = new LogicalResponse();
                    Apply(role, request.Data, response.Warnings);
                    await _storage.PutJsonAsync(name, role, cancellationToken);
                    return response.Warnings.Count > 0 ? response : null;
                }

            case Operation.Delete:
                await _storage.DeleteAsync(name, cancellationToken);
                return null;
            default:
                throw VaultException.UnsupportedOperation();
        }
    }

    private static void Apply(TokenRole role, JsonObject data, List<string> warnings)
    {
        if (data.GetStringList("allowed_policies") is { } allowed)
        {
            role.AllowedPolicies = Normalise(allowed);
        }

        if (data.GetStringList("disallowed_policies") is { } disallowed)
        {
            role.DisallowedPolicies = Normalise(disallowed);
        }

        if (data.GetStringList("allowed_policies_glob") is { } allowedGlob)
        {
            role.AllowedPoliciesGlob = Normalise(allowedGlob);
        }

        if (data.GetStringList("disallowed_policies_glob") is { } disallowedGlob)
        {
            role.DisallowedPoliciesGlob = Normalise(disallowedGlob);
        }

        if (data.GetStringList("allowed_entity_aliases") is { } aliases)
        {
            role.AllowedEntityAliases = aliases;
        }

        role.Orphan = data.GetBool("orphan") ?? role.Orphan;
        role.Renewable = data.GetBool("renewable") ?? role.Renewable;
        if (data.GetString("path_suffix") is { } suffix)
        {
            if (suffix.Contains("..", StringComparison.Ordinal))
            {
                throw VaultException.BadRequest("error registering path suffix: path suffix cannot contain '..'");
            }

            role.PathSuffix = suffix.Trim('/');
        }

        if ((data.GetDuration("token_period") ?? Legacy(data, "period", "token_period", warnings)) is { } period)
        {
            role.TokenPeriod = NonNegative(period, "token_period");
        }

        if ((data.GetDuration("token_explicit_max_ttl") ?? Legacy(data, "explicit_max_ttl", "token_explicit_max_ttl", warnings)) is { } explicitMax)
        {
            role.TokenExplicitMaxTtl = NonNegative(explicitMax, "token_explicit_max_ttl");
        }

        role.TokenNoDefaultPolicy = data.GetBool("token_no_default_policy") ?? role.TokenNoDefaultPolicy;
        if (data.GetInt("token_num_uses") is { } numUses)
        {
            role.TokenNumUses = numUses < 0 ? throw VaultException.BadRequest("'token_num_uses' cannot be negative") : numUses;
        }

        if ((data.GetStringList("token_bound_cidrs") ?? data.GetStringList("bound_cidrs")) is { } cidrs)
        {
            foreach (var cidr in cidrs.Where(c => !Cidr.IsValid(c)))
            {
                throw VaultException.BadRequest($"invalid CIDR block in token_bound_cidrs: {cidr}");
            }

            role.TokenBoundCidrs = cidrs;
        }

        if (data.GetString("token_type") is { } type)
        {
            role.TokenType = type switch
            {
                "" or "default" or "default-service" => "default-service",
                "service" or "batch" or "default-batch" => type,
                _ => throw VaultException.BadRequest($"invalid 'token_type' value \"{type}\""),
            };
        }

        if (role.TokenType is "batch" or "default-batch" && (role.TokenPeriod > 0 || role.TokenNumUses > 0))
        {
            throw VaultException.BadRequest("batch tokens cannot have a period or a number of uses");
        }
    }

    private static JsonObject Describe(TokenRole role) => new()
    {
        ["allowed_entity_aliases"] = JsonArrays.Strings(role.AllowedEntityAliases),
        ["allowed_policies"] = JsonArrays.Strings(role.AllowedPolicies),
        ["allowed_policies_glob"] = JsonArrays.Strings(role.AllowedPoliciesGlob),
        ["disallowed_policies"] = JsonArrays.Strings(role.DisallowedPolicies),
        ["disallowed_policies_glob"] = JsonArrays.Strings(role.DisallowedPoliciesGlob),
        ["explicit_max_ttl"] = role.TokenExplicitMaxTtl,
        ["name"] = role.Name,
        ["orphan"] = role.Orphan,
        ["path_suffix"] = role.PathSuffix,
        ["period"] = role.TokenPeriod,
        ["renewable"] = role.Renewable,
        ["token_bound_cidrs"] = JsonArrays.Strings(role.TokenBoundCidrs),
        ["token_explicit_max_ttl"] = role.TokenExplicitMaxTtl,
        ["token_no_default_policy"] = role.TokenNoDefaultPolicy,
        ["token_num_uses"] = role.TokenNumUses,
        ["token_period"] = role.TokenPeriod,
        ["token_type"] = role.TokenType,
    };

    // Vault stores policy names lower-cased and without duplicates.
    private static List<string> Normalise(List<string> policies) => [.. policies.Select(p => p.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];

    private static TimeSpan? Legacy(JsonObject data, string legacyName, string newName, List<string> warnings)
    {
        var value = data.GetDuration(legacyName);
        if (value is not null)
        {
            warnings.Add($"\"{legacyName}\" is deprecated, please use \"{newName}\" instead");
        }

        return value;
    }

    private static long NonNegative(TimeSpan value, string field) =>
        value < TimeSpan.Zero ? throw VaultException.BadRequest($"'{field}' cannot be negative") : value.ToSeconds();
}
