using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Policies;

/// <summary>Parses a policy written in HCL or JSON into path rules, with Vault's validation rules (VAULT-API.md 8.1).</summary>
public static class PolicyParser
{
    private static readonly HashSet<string> PathKeys = new(StringComparer.Ordinal)
    {
        "capabilities", "policy", "allowed_parameters", "denied_parameters", "required_parameters",
        "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods", "control_group", "subscribe_event_types", "comment",
    };

    /// <summary>Parses <paramref name="text"/>; throws <see cref="PolicyParseException"/> with the reason.</summary>
    public static Policy Parse(string name, string text)
    {
        var tree = ReadTree(text);
        var rules = new List<PathRule>();
        foreach (var (key, value) in tree)
        {
            switch (key)
            {
                case "name":
                    break;
                case "path":
                    if (value is not JsonObject paths)
                    {
                        throw new PolicyParseException("path must be a map of paths to rules");
                    }

                    foreach (var (pattern, body) in paths)
                    {
                        rules.Add(ParseRule(pattern, body as JsonObject ?? throw new PolicyParseException($"path \"{pattern}\": expected a block")));
                    }

                    break;
                default:
                    throw new PolicyParseException($"invalid key \"{key}\"");
            }
        }

        foreach (var rule in rules)
        {
            rule.Policies.Add(name);
        }

        return new Policy(name, text, rules);
    }

    private static JsonObject ReadTree(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(trimmed) as JsonObject ?? throw new PolicyParseException("a JSON policy must be an object");
            }
            catch (JsonException e)
            {
                throw new PolicyParseException(e.Message);
            }
        }

        return HclReader.Parse(text);
    }

    private static PathRule ParseRule(string rawPattern, JsonObject body)
    {
        var pattern = rawPattern.TrimStart('/');
        if (pattern.Contains("+*", StringComparison.Ordinal))
        {
            throw new PolicyParseException($"path \"{rawPattern}\": invalid use of wildcards ('+*' is forbidden)");
        }

        var rule = new PathRule { Pattern = pattern };
        foreach (var (key, value) in body)
        {
            if (!PathKeys.Contains(key))
            {
                throw new PolicyParseException($"path \"{rawPattern}\": invalid key \"{key}\"");
            }

            switch (key)
            {
                case "capabilities":
                    foreach (var item in value as JsonArray ?? throw new PolicyParseException($"path \"{rawPattern}\": capabilities must be a list"))
                    {
                        var capabilityName = item?.GetValue<string>() ?? "";
                        rule.Capabilities |= CapabilityNames.Parse(capabilityName)
                            ?? throw new PolicyParseException($"path \"{rawPattern}\": invalid capability \"{capabilityName}\"");
                    }

                    break;
                case "policy":
                    var legacy = value?.GetValue<string>() ?? "";
                    rule.Capabilities |= CapabilityNames.FromLegacy(legacy)
                        ?? throw new PolicyParseException($"path \"{rawPattern}\": invalid policy \"{legacy}\"");
                    break;
                case "allowed_parameters":
                    ReadParameters(rawPattern, key, value, rule.AllowedParameters);
                    break;
                case "denied_parameters":
                    ReadParameters(rawPattern, key, value, rule.DeniedParameters);
                    break;
                case "required_parameters":
                    foreach (var item in value as JsonArray ?? [])
                    {
                        // Vault lower-cases the name and then looks it up in the request data exactly (case-sensitively).
                        rule.RequiredParameters.Add((item?.GetValue<string>() ?? "").ToLowerInvariant());
                    }

                    break;
                case "min_wrapping_ttl":
                    rule.MinWrappingTtl = Duration(rawPattern, key, value);
                    break;
                case "max_wrapping_ttl":
                    rule.MaxWrappingTtl = Duration(rawPattern, key, value);
                    break;
            }
        }

        if (rule.Capabilities.HasFlag(Capability.Deny))
        {
            // Deny discards every other capability of the stanza.
            rule.Capabilities = Capability.Deny;
        }

        return rule;
    }

    private static void ReadParameters(string pattern, string key, JsonNode? value, Dictionary<string, List<string>> into)
    {
        if (value is not JsonObject map)
        {
            throw new PolicyParseException($"path \"{pattern}\": {key} must be a map");
        }

        foreach (var (parameter, values) in map)
        {
            var list = new List<string>();
            foreach (var item in values as JsonArray ?? [])
            {
                list.Add(item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? "");
            }

            into[parameter.ToLowerInvariant()] = list;
        }
    }

    private static TimeSpan Duration(string pattern, string key, JsonNode? value)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
        return Fields.TryParseDuration(text, out var duration)
            ? duration
            : throw new PolicyParseException($"path \"{pattern}\": invalid {key} \"{text}\"");
    }
}
