using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Policies;

/// <summary>
/// The merged rules of a set of policies, evaluated with Vault's precedence (VAULT-API.md 8.2): an exact rule
/// wins; otherwise the single best of the longest <c>*</c> prefix rule and every matching <c>+</c> rule.
/// Capabilities of different patterns are never combined.
/// </summary>
public sealed class Acl : IAcl
{
    private readonly Dictionary<string, PathRule> _exact = new(StringComparer.Ordinal);
    private readonly List<PathRule> _prefixes = [];
    private readonly List<(string[] Segments, PathRule Rule)> _segmentRules = [];

    public Acl(IEnumerable<Policy> policies)
    {
        var merged = new Dictionary<string, PathRule>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            foreach (var rule in policy.Rules)
            {
                if (merged.TryGetValue(rule.Pattern, out var existing))
                {
                    existing.Merge(rule, policy.Name);
                }
                else
                {
                    merged[rule.Pattern] = rule.CloneFor(policy.Name);
                }
            }
        }

        foreach (var rule in merged.Values)
        {
            if (rule.HasSegmentWildcards)
            {
                _segmentRules.Add((rule.Pattern.TrimEnd('*').Split('/'), rule));
            }
            else if (rule.IsPrefix)
            {
                _prefixes.Add(rule);
            }
            else
            {
                _exact[rule.Pattern] = rule;
            }
        }

        _prefixes.Sort((a, b) => b.Pattern.Length.CompareTo(a.Pattern.Length));
    }

    public AclDecision Check(string path, Operation operation, JsonObject data, TimeSpan? wrapTtl = null)
    {
        var rule = Find(path, operation == Operation.List);
        if (rule is null)
        {
            return AclDecision.Denied;
        }

        var caps = rule.Capabilities;
        var needed = CapabilityNames.For(operation);
        if (caps.HasFlag(Capability.Deny) || (caps & needed) == 0)
        {
            return AclDecision.Denied;
        }

        if (!WrappingAllowed(rule, wrapTtl))
        {
            return AclDecision.Denied;
        }

        var checksParameters = operation is Operation.Read or Operation.Create or Operation.Update or Operation.Patch;
        if (checksParameters && !ParametersAllowed(rule, data))
        {
            return AclDecision.Denied;
        }

        return new AclDecision(true, false, caps.HasFlag(Capability.Sudo), rule.Policies);
    }

    public IReadOnlyList<string> Capabilities(string path)
    {
        var rule = Find(path, isList: false);
        return rule is null || rule.Capabilities == Capability.None || rule.Capabilities.HasFlag(Capability.Deny)
            ? ["deny"]
            : CapabilityNames.ToNames(rule.Capabilities);
    }

    private PathRule? Find(string path, bool isList)
    {
        if (_exact.TryGetValue(path, out var exact))
        {
            return exact;
        }

        if (isList && path.EndsWith('/') && _exact.TryGetValue(path.TrimEnd('/'), out var listExact))
        {
            return listExact;
        }

        PathRule? best = null;
        foreach (var prefix in _prefixes)
        {
            if (path.StartsWith(prefix.Pattern.AsSpan(0, prefix.Pattern.Length - 1), StringComparison.Ordinal))
            {
                best = prefix;
                break;
            }
        }

        foreach (var (segments, rule) in _segmentRules)
        {
            if (SegmentsMatch(segments, rule.IsPrefix, path) && (best is null || Outranks(rule.Pattern, best.Pattern)))
            {
                best = rule;
            }
        }

        if (best is null && isList && path.EndsWith('/'))
        {
            return Find(path.TrimEnd('/'), isList: false);
        }

        return best;
    }

    private static bool SegmentsMatch(string[] pattern, bool isPrefix, string path)
    {
        var parts = path.Split('/');
        if (!isPrefix && parts.Length != pattern.Length)
        {
            return false;
        }

        if (isPrefix && parts.Length < pattern.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var last = i == pattern.Length - 1;
            if (pattern[i] == "+")
            {
                if (parts[i].Length == 0 && !(last && isPrefix))
                {
                    return false;
                }

                continue;
            }

            var matches = last && isPrefix
                ? parts[i].StartsWith(pattern[i], StringComparison.Ordinal)
                : parts[i] == pattern[i];
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Vault's tie-break between two non-exact matches: true when <paramref name="a"/> has priority.</summary>
    public static bool Outranks(string a, string b)
    {
        int FirstWildcard(string p)
        {
            var plus = p.IndexOf('+');
            var star = p.EndsWith('*') ? p.Length - 1 : -1;
            return plus < 0 ? star : star < 0 ? plus : Math.Min(plus, star);
        }

        var (wa, wb) = (FirstWildcard(a), FirstWildcard(b));
        if (wa != wb)
        {
            return wa > wb;
        }

        var (sa, sb) = (a.EndsWith('*'), b.EndsWith('*'));
        if (sa != sb)
        {
            return !sa;
        }

        var (pa, pb) = (a.Count(c => c == '+'), b.Count(c => c == '+'));
        if (pa != pb)
        {
            return pa < pb;
        }

        if (a.Length != b.Length)
        {
            return a.Length > b.Length;
        }

        return string.CompareOrdinal(a, b) > 0;
    }

    // A rule with a wrapping bound demands a wrapped response within it; merged bounds that cross deny everything.
    private static bool WrappingAllowed(PathRule rule, TimeSpan? wrapTtl)
    {
        if (rule.MaxWrappingTtl > TimeSpan.Zero && (wrapTtl is null || wrapTtl > rule.MaxWrappingTtl))
        {
            return false;
        }

        if (rule.MinWrappingTtl > TimeSpan.Zero && (wrapTtl is null || wrapTtl < rule.MinWrappingTtl))
        {
            return false;
        }

        return rule.MinWrappingTtl == TimeSpan.Zero || rule.MaxWrappingTtl == TimeSpan.Zero || rule.MinWrappingTtl <= rule.MaxWrappingTtl;
    }

    private static bool ParametersAllowed(PathRule rule, JsonObject data)
    {
        foreach (var required in rule.RequiredParameters)
        {
            if (!data.ContainsKey(required))
            {
                return false;
            }
        }

        if (data.Count == 0)
        {
            return true;
        }

        if (rule.DeniedParameters.ContainsKey("*"))
        {
            return false;
        }

        foreach (var (name, value) in data)
        {
            if (rule.DeniedParameters.TryGetValue(name.ToLowerInvariant(), out var denied) && ValueListed(value, denied))
            {
                return false;
            }
        }

        if (rule.AllowedParameters.Count == 0)
        {
            return true;
        }

        var allowAll = rule.AllowedParameters.ContainsKey("*");
        if (allowAll && rule.AllowedParameters.Count == 1)
        {
            return true;
        }

        foreach (var (name, value) in data)
        {
            if (rule.AllowedParameters.TryGetValue(name.ToLowerInvariant(), out var allowed))
            {
                if (!ValueListed(value, allowed))
                {
                    return false;
                }
            }
            else if (!allowAll)
            {
                return false;
            }
        }

        return true;
    }

    // An empty list matches any value; list values must match item by item; strings match as globs.
    private static bool ValueListed(JsonNode? value, List<string> listed)
    {
        if (listed.Count == 0)
        {
            return true;
        }

        if (value is JsonArray array)
        {
            return array.All(item => ValueListed(item, listed));
        }

        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "";
        return listed.Any(candidate => Glob.Matches(candidate, text));
    }
}

/// <summary>The ACL of a root token: everything is allowed, including sudo.</summary>
public sealed class RootAcl : IAcl
{
    public static readonly RootAcl Instance = new();

    public AclDecision Check(string path, Operation operation, JsonObject data, TimeSpan? wrapTtl = null) => AclDecision.Root;

    public IReadOnlyList<string> Capabilities(string path) => ["root"];
}
