namespace DevVault.Pki;

/// <summary>A PKI role (<c>roles/:name</c>): which names a certificate may carry, its key, usages and lifetime. Durations in seconds.</summary>
public sealed class PkiRole
{
    public List<string> AllowedDomains { get; set; } = [];

    public bool AllowSubdomains { get; set; }

    public bool AllowBareDomains { get; set; }

    public bool AllowGlobDomains { get; set; }

    public bool AllowLocalhost { get; set; } = true;

    public bool AllowAnyName { get; set; }

    public bool EnforceHostnames { get; set; } = true;

    public bool AllowIpSans { get; set; } = true;

    public bool ServerFlag { get; set; } = true;

    public bool ClientFlag { get; set; } = true;

    /// <summary><c>rsa</c>, <c>ec</c> or <c>any</c> (<c>sign/:role</c> then takes any CSR key).</summary>
    public string KeyType { get; set; } = "rsa";

    public int KeyBits { get; set; } = 2048;

    public long Ttl { get; set; }

    public long MaxTtl { get; set; }

    public List<string> Organization { get; set; } = [];

    public List<string> Ou { get; set; } = [];

    public List<string> Country { get; set; } = [];

    /// <summary>Issued certificates are not stored (so they cannot be listed or revoked), for high volumes of short-lived ones.</summary>
    public bool NoStore { get; set; }

    public bool UseCsrCommonName { get; set; } = true;

    public bool UseCsrSans { get; set; } = true;

    public long NotBeforeDuration { get; set; } = 30;

    /// <summary>Which issuer signs; this engine keeps one, so any reference the mount resolves names it.</summary>
    public string IssuerRef { get; set; } = "default";
}
