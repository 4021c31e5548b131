namespace DevVault.Policies;

/// <summary>
/// One <c>path "..." { }</c> stanza, or the merge of identical stanzas from several policies. Parameter maps are
/// keyed by lower-cased name; an empty value list means "any value".
/// </summary>
public sealed class PathRule
{
    public required string Pattern { get; init; }

    public Capability Capabilities { get; set; }

    public Dictionary<string, List<string>> AllowedParameters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<string>> DeniedParameters { get; } = new(StringComparer.Ordinal);

    public HashSet<string> RequiredParameters { get; } = new(StringComparer.Ordinal);

    public TimeSpan MinWrappingTtl { get; set; }

    public TimeSpan MaxWrappingTtl { get; set; }

    /// <summary>Policies that contributed to this rule (for the audit log's granting_policies).</summary>
    public List<string> Policies { get; } = [];

    /// <summary>Ends with <c>*</c>: matches by prefix.</summary>
    public bool IsPrefix => Pattern.EndsWith('*');

    /// <summary>Has <c>+</c> segments: matches segment by segment.</summary>
    public bool HasSegmentWildcards => Pattern.Split('/').Contains("+");

    /// <summary>Folds another stanza for the same pattern in: capabilities unite (deny wins), parameters merge.</summary>
    public void Merge(PathRule other, string policyName)
    {
        Capabilities = (Capabilities | other.Capabilities).HasFlag(Capability.Deny) ? Capability.Deny : Capabilities | other.Capabilities;
        MergeParameters(AllowedParameters, other.AllowedParameters);
        MergeParameters(DeniedParameters, other.DeniedParameters);
        RequiredParameters.UnionWith(other.RequiredParameters);
        MinWrappingTtl = Lower(MinWrappingTtl, other.MinWrappingTtl);
        MaxWrappingTtl = Lower(MaxWrappingTtl, other.MaxWrappingTtl);
        if (!Policies.Contains(policyName))
        {
            Policies.Add(policyName);
        }
    }

    public PathRule CloneFor(string policyName)
    {
        var copy = new PathRule { Pattern = Pattern };
        copy.Merge(this, policyName);
        copy.MinWrappingTtl = MinWrappingTtl;
        copy.MaxWrappingTtl = MaxWrappingTtl;
        return copy;
    }

    // An empty list (any value) wins over a restricted one.
    private static void MergeParameters(Dictionary<string, List<string>> into, Dictionary<string, List<string>> from)
    {
        foreach (var (name, values) in from)
        {
            if (!into.TryGetValue(name, out var existing))
            {
                into[name] = [.. values];
            }
            else if (existing.Count > 0)
            {
                if (values.Count == 0)
                {
                    existing.Clear();
                }
                else
                {
                    existing.AddRange(values.Where(v => !existing.Contains(v)));
                }
            }
        }
    }

    private static TimeSpan Lower(TimeSpan a, TimeSpan b) => a == TimeSpan.Zero ? b : b == TimeSpan.Zero ? a : a < b ? a : b;
}
