namespace DevVault.Tokens;

/// <summary>A token role (<c>auth/token/roles/:name</c>): what <c>auth/token/create/:name</c> may and must give a token.</summary>
public sealed class TokenRole
{
    public string Name { get; set; } = "";

    public List<string> AllowedPolicies { get; set; } = [];

    public List<string> DisallowedPolicies { get; set; } = [];

    public List<string> AllowedPoliciesGlob { get; set; } = [];

    public List<string> DisallowedPoliciesGlob { get; set; } = [];

    public List<string> AllowedEntityAliases { get; set; } = [];

    /// <summary>Tokens from this role have no parent, without the caller needing sudo.</summary>
    public bool Orphan { get; set; }

    public bool Renewable { get; set; } = true;

    public string PathSuffix { get; set; } = "";

    public long TokenPeriod { get; set; }

    public long TokenExplicitMaxTtl { get; set; }

    public bool TokenNoDefaultPolicy { get; set; }

    public long TokenNumUses { get; set; }

    public List<string> TokenBoundCidrs { get; set; } = [];

    /// <summary><c>default-service</c> (the default), <c>service</c>, <c>default-batch</c> or <c>batch</c>.</summary>
    public string TokenType { get; set; } = "default-service";
}
