using System.Text.RegularExpressions;

namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>The common part of every resource: a validated name and its annotations.</summary>
public abstract partial class Resource : IResource
{
    protected Resource(string name)
    {
        if (!ValidName().IsMatch(name))
        {
            throw new ArgumentException($"Resource name '{name}' is invalid: use lowercase letters, digits and hyphens, starting with a letter.", nameof(name));
        }

        Name = name;
    }

    public string Name { get; }

    public IList<IResourceAnnotation> Annotations { get; } = [];

    public override string ToString() => Name;

    // Names become environment variable segments and DNS-like labels, as in Aspire.
    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex ValidName();
}
