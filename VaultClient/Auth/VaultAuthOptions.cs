namespace VaultDemo.VaultClient.Auth;

/// <summary>Configuration-bound description of how to log in (<c>Vault:Auth</c>).</summary>
public sealed class VaultAuthOptions
{
    /// <summary><c>token</c> or <c>approle</c>. When empty, AppRole is used if a role id is configured, else a token.</summary>
    public string? Method { get; set; }

    /// <summary>A token given directly (development only; prefer <see cref="TokenFile"/>).</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token.</summary>
    public string? TokenFile { get; set; }

    /// <summary>AppRole settings (<c>Vault:Auth:AppRole</c>).</summary>
    public AppRoleAuthOptions AppRole { get; set; } = new();

    internal string EffectiveMethod => !string.IsNullOrWhiteSpace(Method)
        ? Method.Trim().ToLowerInvariant()
        : AppRole.IsConfigured ? "approle" : "token";
}
