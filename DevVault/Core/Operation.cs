namespace DevVault.Core;

/// <summary>The logical operation of a request, as Vault's ACL and backends see it.</summary>
/// <remarks>
/// HTTP POST and PUT both arrive as <see cref="Update"/>; the core turns that into <see cref="Create"/>
/// when the backend's existence check says the target does not exist yet (VAULT-API.md 8.2).
/// </remarks>
public enum Operation
{
    Read,
    Create,
    Update,
    Delete,
    List,
    Patch,
}

public static class OperationNames
{
    /// <summary>The lower-case name Vault uses in audit entries and capability lists.</summary>
    public static string ToWire(this Operation operation) => operation switch
    {
        Operation.Read => "read",
        Operation.Create => "create",
        Operation.Update => "update",
        Operation.Delete => "delete",
        Operation.List => "list",
        Operation.Patch => "patch",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
