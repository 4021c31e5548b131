using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Tokens;

/// <summary>
/// The token fields every auth method's user or role carries (Vault's tokenutil.TokenParams): <c>token_policies</c>,
/// <c>token_ttl</c>, <c>token_max_ttl</c>, <c>token_explicit_max_ttl</c>, <c>token_period</c>, <c>token_num_uses</c>,
/// <c>token_no_default_policy</c>, <c>token_bound_cidrs</c>, <c>token_type</c>, plus the legacy aliases
/// <c>policies</c>, <c>ttl</c>, <c>max_ttl</c>, <c>period</c> and <c>bound_cidrs</c>. Durations are seconds, as on the wire.
/// </summary>
public sealed class TokenParams
{
    public List<string> TokenPolicies { get; set; } = [];

    public long TokenTtl { get; set; }

    public long TokenMaxTtl { get; set; }

    public long TokenExplicitMaxTtl { get; set; }

    public long TokenPeriod { get; set; }

    public long TokenNumUses { get; set; }

    public bool TokenNoDefaultPolicy { get; set; }

    public List<string> TokenBoundCidrs { get; set; } = [];

    public string TokenType { get; set; } = "default";

    /// <summary>Applies the fields present in <paramref name="data"/>; absent ones keep their value. Bad input throws before anything changes.</summary>
    public void Apply(JsonObject data, List<string> warnings)
    {
        var policies = data.GetStringList("token_policies") ?? Legacy(data.GetStringList("policies"), "policies", "token_policies", warnings);
        var ttl = data.GetDuration("token_ttl") ?? Legacy(data.GetDuration("ttl"), "ttl", "token_ttl", warnings);
        var maxTtl = data.GetDuration("token_max_ttl") ?? Legacy(data.GetDuration("max_ttl"), "max_ttl", "token_max_ttl", warnings);
        var explicitMax = data.GetDuration("token_explicit_max_ttl");
        var period = data.GetDuration("token_period") ?? Legacy(data.GetDuration("period"), "period", "token_period", warnings);
        var numUses = data.GetInt("token_num_uses");
        var noDefault = data.GetBool("token_no_default_policy");
        var cidrs = data.GetStringList("token_bound_cidrs") ?? Legacy(data.GetStringList("bound_cidrs"), "bound_cidrs", "token_bound_cidrs", warnings);
        var type = data.GetString("token_type");

        foreach (var cidr in (cidrs ?? []).Where(c => !Cidr.IsValid(c)))
        {
            throw VaultException.BadRequest($"invalid CIDR block in token_bound_cidrs: {cidr}");
        }

        if (numUses < 0)
        {
            throw VaultException.BadRequest("'token_num_uses' cannot be negative");
        }

        if (type is not (null or "default" or "service" or "batch" or "default-service" or "default-batch"))
        {
            throw VaultException.BadRequest($"invalid 'token_type' value \"{type}\"");
        }

        var newTtl = ttl is { } t ? Seconds(t, "token_ttl") : TokenTtl;
        var newMaxTtl = maxTtl is { } m ? Seconds(m, "token_max_ttl") : TokenMaxTtl;
        if (newMaxTtl > 0 && newTtl > newMaxTtl)
        {
            throw VaultException.BadRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
        }

        TokenPolicies = policies is null ? TokenPolicies : [.. policies.Select(p => p.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
        TokenTtl = newTtl;
        TokenMaxTtl = newMaxTtl;
        TokenExplicitMaxTtl = explicitMax is { } e ? Seconds(e, "token_explicit_max_ttl") : TokenExplicitMaxTtl;
        TokenPeriod = period is { } p ? Seconds(p, "token_period") : TokenPeriod;
        TokenNumUses = numUses ?? TokenNumUses;
        TokenNoDefaultPolicy = noDefault ?? TokenNoDefaultPolicy;
        TokenBoundCidrs = cidrs ?? TokenBoundCidrs;
        TokenType = type ?? TokenType;
    }

    /// <summary>The fields as Vault reads them back.</summary>
    public void WriteTo(JsonObject data)
    {
        data["token_bound_cidrs"] = JsonArrays.Strings(TokenBoundCidrs);
        data["token_explicit_max_ttl"] = TokenExplicitMaxTtl;
        data["token_max_ttl"] = TokenMaxTtl;
        data["token_no_default_policy"] = TokenNoDefaultPolicy;
        data["token_num_uses"] = TokenNumUses;
        data["token_period"] = TokenPeriod;
        data["token_policies"] = JsonArrays.Strings(TokenPolicies);
        data["token_ttl"] = TokenTtl;
        data["token_type"] = TokenType;
    }

    /// <summary>The auth block a login with these parameters asks the core to mint a token for.</summary>
    public AuthInfo ToAuth(string displayName, Dictionary<string, string> metadata) => new()
    {
        DisplayName = displayName,
        Policies = [.. TokenPolicies],
        Metadata = metadata,
        Ttl = TimeSpan.FromSeconds(TokenTtl),
        MaxTtl = TimeSpan.FromSeconds(TokenMaxTtl),
        ExplicitMaxTtl = TimeSpan.FromSeconds(TokenExplicitMaxTtl),
        Period = TimeSpan.FromSeconds(TokenPeriod),
        NumUses = (int)TokenNumUses,
        NoDefaultPolicy = TokenNoDefaultPolicy,
        BoundCidrs = [.. TokenBoundCidrs],
    };

    private static T? Legacy<T>(T? value, string legacyName, string newName, List<string> warnings)
    {
        if (value is not null)
        {
            warnings.Add($"\"{legacyName}\" is deprecated, please use \"{newName}\" instead");
        }

        return value;
    }

    private static long Seconds(TimeSpan value, string field) =>
        value < TimeSpan.Zero ? throw VaultException.BadRequest($"'{field}' cannot be negative") : value.ToSeconds();
}
