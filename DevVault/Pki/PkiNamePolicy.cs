using System.Text.RegularExpressions;
using DevVault.Policies;

namespace DevVault.Pki;

/// <summary>
/// Whether a role allows a name in a certificate (Vault's ValidateNames): hostname syntax when
/// <c>enforce_hostnames</c>, then any name, <c>localhost</c>, a bare allowed domain, a subdomain of one (a wildcard
/// <c>*.domain</c> counts as one), or a glob match. Email addresses are judged by their domain.
/// </summary>
public static partial class PkiNamePolicy
{
    public static bool Allows(PkiRole role, string name)
    {
        var reduced = name;
        var isEmail = false;
        if (name.Contains('@'))
        {
            var parts = name.Split('@');
            if (parts.Length != 2)
            {
                return false;
            }

            reduced = parts[1];
            isEmail = true;
        }

        var isWildcard = reduced.StartsWith("*.", StringComparison.Ordinal);
        if (isWildcard)
        {
            if (isEmail)
            {
                return false;
            }

            reduced = reduced[2..];
        }

        if (role.EnforceHostnames && !Hostname().IsMatch(reduced))
        {
            return false;
        }

        if (role.AllowAnyName)
        {
            return true;
        }

        if (role.AllowLocalhost && (reduced is "localhost" or "localdomain"
            || (role.AllowSubdomains && (reduced.EndsWith(".localhost", StringComparison.Ordinal) || reduced.EndsWith(".localdomain", StringComparison.Ordinal)))))
        {
            return true;
        }

        foreach (var domain in role.AllowedDomains)
        {
            if (role.AllowBareDomains && !isWildcard && reduced == domain)
            {
                return true;
            }

            if (role.AllowSubdomains && (reduced.EndsWith("." + domain, StringComparison.Ordinal) || (isWildcard && reduced == domain)))
            {
                return true;
            }

            if (role.AllowGlobDomains && domain.Contains('*') && Glob.Matches(domain, name))
            {
                return true;
            }
        }

        return false;
    }

    // Vault's hostnameRegex: dot-separated labels of letters, digits and inner hyphens.
    [GeneratedRegex(@"^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\-]*[A-Za-z0-9])\.?$")]
    private static partial Regex Hostname();
}
