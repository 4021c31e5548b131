using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Pki;

/// <summary>Reading and writing <c>roles/:name</c> with Vault's field names and defaults; bad input throws before anything changes.</summary>
public static class PkiRoleFields
{
    public static void Apply(PkiRole role, JsonObject data, TimeSpan mountMaxTtl)
    {
        var (keyType, keyBits) = PkiKeys.Validate(data.GetString("key_type") ?? role.KeyType, data.GetInt("key_bits") ?? (data.Has("key_type") ? 0 : role.KeyBits), allowAny: true);
        var ttl = data.GetDuration("ttl")?.ToSeconds() ?? role.Ttl;
        var maxTtl = data.GetDuration("max_ttl")?.ToSeconds() ?? role.MaxTtl;
        if (ttl < 0 || maxTtl < 0)
        {
            throw VaultException.BadRequest("ttl and max_ttl cannot be negative");
        }

        if (maxTtl > 0 && ttl > maxTtl)
        {
            throw VaultException.BadRequest("\"ttl\" value must be less than \"max_ttl\" value");
        }

        if (maxTtl > (long)mountMaxTtl.TotalSeconds)
        {
            throw VaultException.BadRequest("\"max_ttl\" value must be less than the mount's max lease TTL");
        }

        role.AllowedDomains = data.GetStringList("allowed_domains") ?? role.AllowedDomains;
        role.AllowSubdomains = data.GetBool("allow_subdomains") ?? role.AllowSubdomains;
        role.AllowBareDomains = data.GetBool("allow_bare_domains") ?? role.AllowBareDomains;
        role.AllowGlobDomains = data.GetBool("allow_glob_domains") ?? role.AllowGlobDomains;
        role.AllowLocalhost = data.GetBool("allow_localhost") ?? role.AllowLocalhost;
        role.AllowAnyName = data.GetBool("allow_any_name") ?? role.AllowAnyName;
        role.EnforceHostnames = data.GetBool("enforce_hostnames") ?? role.EnforceHostnames;
        role.AllowIpSans = data.GetBool("allow_ip_sans") ?? role.AllowIpSans;
        role.ServerFlag = data.GetBool("server_flag") ?? role.ServerFlag;
        role.ClientFlag = data.GetBool("client_flag") ?? role.ClientFlag;
        role.KeyType = keyType;
        role.KeyBits = keyBits;
        role.Ttl = ttl;
        role.MaxTtl = maxTtl;
        role.Organization = data.GetStringList("organization") ?? role.Organization;
        role.Ou = data.GetStringList("ou") ?? role.Ou;
        role.Country = data.GetStringList("country") ?? role.Country;
        role.NoStore = data.GetBool("no_store") ?? role.NoStore;
        role.UseCsrCommonName = data.GetBool("use_csr_common_name") ?? role.UseCsrCommonName;
        role.UseCsrSans = data.GetBool("use_csr_sans") ?? role.UseCsrSans;
        role.NotBeforeDuration = data.GetDuration("not_before_duration")?.ToSeconds() ?? role.NotBeforeDuration;
        role.IssuerRef = data.GetString("issuer_ref") is { Length: > 0 } issuerRef ? issuerRef : role.IssuerRef;
    }

    public static JsonObject Describe(PkiRole role) => new()
    {
        ["allow_any_name"] = role.AllowAnyName,
        ["allow_bare_domains"] = role.AllowBareDomains,
        ["allow_glob_domains"] = role.AllowGlobDomains,
        ["allow_ip_sans"] = role.AllowIpSans,
        ["allow_localhost"] = role.AllowLocalhost,
        ["allow_subdomains"] = role.AllowSubdomains,
        ["allow_wildcard_certificates"] = true,
        ["allowed_domains"] = JsonArrays.Strings(role.AllowedDomains),
        ["allowed_uri_sans"] = new JsonArray(),
        ["basic_constraints_valid_for_non_ca"] = false,
        ["client_flag"] = role.ClientFlag,
        ["code_signing_flag"] = false,
        ["country"] = JsonArrays.Strings(role.Country),
        ["email_protection_flag"] = false,
        ["enforce_hostnames"] = role.EnforceHostnames,
        ["ext_key_usage"] = new JsonArray(),
        ["generate_lease"] = false,
        ["issuer_ref"] = role.IssuerRef,
        ["key_bits"] = role.KeyBits,
        ["key_type"] = role.KeyType,
        ["key_usage"] = JsonArrays.Strings(["DigitalSignature", "KeyAgreement", "KeyEncipherment"]),
        ["max_ttl"] = role.MaxTtl,
        ["no_store"] = role.NoStore,
        ["not_before_duration"] = role.NotBeforeDuration,
        ["organization"] = JsonArrays.Strings(role.Organization),
        ["ou"] = JsonArrays.Strings(role.Ou),
        ["require_cn"] = true,
        ["server_flag"] = role.ServerFlag,
        ["signature_bits"] = role.KeyType == "ec" && role.KeyBits == 384 ? 384 : role.KeyType == "ec" && role.KeyBits == 521 ? 512 : 256,
        ["ttl"] = role.Ttl,
        ["use_csr_common_name"] = role.UseCsrCommonName,
        ["use_csr_sans"] = role.UseCsrSans,
        ["use_pss"] = false,
    };
}
