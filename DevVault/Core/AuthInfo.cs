namespace DevVault.Core;

/// <summary>
/// The <c>auth</c> block of a response. A login backend fills the token parameters; the core creates the
/// token from them (filling <see cref="ClientToken"/> and <see cref="Accessor"/>) unless the backend
/// (the token store itself) already did.
/// </summary>
public sealed class AuthInfo
{
    public string ClientToken { get; set; } = "";

    public string Accessor { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>Policies attached to the token (with <c>default</c> when applicable).</summary>
    public List<string> Policies { get; set; } = [];

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public TimeSpan Ttl { get; set; }

    public TimeSpan MaxTtl { get; set; }

    public TimeSpan ExplicitMaxTtl { get; set; }

    public TimeSpan Period { get; set; }

    public bool Renewable { get; set; } = true;

    public int NumUses { get; set; }

    public bool NoDefaultPolicy { get; set; }

    public bool Orphan { get; set; } = true;

    public string TokenType { get; set; } = "service";

    public List<string> BoundCidrs { get; set; } = [];

    public string EntityId { get; set; } = "";

    /// <summary>Backend-private values kept with the token (e.g. the AppRole role name) for renewal checks.</summary>
    public Dictionary<string, string> InternalData { get; set; } = new(StringComparer.Ordinal);
}
