namespace DevVault.Policies;

/// <summary>ACL capabilities as a bit set (Vault's capability bitmap).</summary>
[Flags]
public enum Capability
{
    None = 0,
    Deny = 1,
    Create = 1 << 1,
    Read = 1 << 2,
    Update = 1 << 3,
    Delete = 1 << 4,
    List = 1 << 5,
    Sudo = 1 << 6,
    Patch = 1 << 7,
    Subscribe = 1 << 8,
}

public static class CapabilityNames
{
    private static readonly (Capability Flag, string Name)[] Names =
    [
        (Capability.Create, "create"), (Capability.Delete, "delete"), (Capability.Deny, "deny"), (Capability.List, "list"),
        (Capability.Patch, "patch"), (Capability.Read, "read"), (Capability.Subscribe, "subscribe"), (Capability.Sudo, "sudo"),
        (Capability.Update, "update"),
    ];

    public static Capability? Parse(string name) => Names.FirstOrDefault(n => n.Name == name) is { Name: not null } match ? match.Flag : null;

    /// <summary>Names in Vault's (alphabetical) order, for sys/capabilities.</summary>
    public static List<string> ToNames(Capability capabilities) =>
        [.. Names.Where(n => capabilities.HasFlag(n.Flag)).Select(n => n.Name)];

    /// <summary>Legacy <c>policy = "read"</c> style, translated as Vault does.</summary>
    public static Capability? FromLegacy(string policy) => policy switch
    {
        "deny" => Capability.Deny,
        "read" => Capability.Read | Capability.List,
        "write" => Capability.Read | Capability.Create | Capability.Update | Capability.Delete | Capability.List,
        "sudo" => Capability.Read | Capability.Create | Capability.Update | Capability.Delete | Capability.List | Capability.Sudo,
        _ => null,
    };

    public static Capability For(Core.Operation operation) => operation switch
    {
        Core.Operation.Read => Capability.Read,
        Core.Operation.Create => Capability.Create,
        Core.Operation.Update => Capability.Update,
        Core.Operation.Delete => Capability.Delete,
        Core.Operation.List => Capability.List,
        Core.Operation.Patch => Capability.Patch,
        _ => Capability.None,
    };
}
