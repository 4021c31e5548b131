namespace DevVault.Core;

/// <summary>
/// A request that ends in Vault's error envelope <c>{"errors":[...]}</c> with the given status.
/// Backends throw it for every client-visible failure; the HTTP layer turns it into the wire reply.
/// Messages must never contain a token, secret id, password or secret value.
/// </summary>
public sealed class VaultException : Exception
{
    public VaultException(int statusCode, params string[] errors)
        : base(errors.Length == 0 ? $"HTTP {statusCode}" : string.Join("; ", errors))
    {
        StatusCode = statusCode;
        Errors = errors;
    }

    public int StatusCode { get; }

    public IReadOnlyList<string> Errors { get; }

    /// <summary>Optional <c>data</c> object sent next to <c>errors</c> (a few plugins do this).</summary>
    public System.Text.Json.Nodes.JsonObject? ErrorData { get; init; }

    public static VaultException BadRequest(string message) => new(400, message);

    /// <summary>ACL denial of a valid token: Vault's multierror text.</summary>
    public static VaultException PermissionDenied() => new(403, MultiError("permission denied"));

    /// <summary>Missing, invalid, expired or used-up token (Vault 1.17+ wording).</summary>
    public static VaultException InvalidToken() => new(403, "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");

    /// <summary>A read of something that does not exist: 404 with an empty <c>errors</c> array.</summary>
    public static VaultException NotFound() => new(404);

    public static VaultException UnsupportedPath() => new(404, MultiError("unsupported path"));

    public static VaultException UnsupportedOperation() => new(405, MultiError("unsupported operation"));

    public static VaultException Internal(string message = "internal error") => new(500, MultiError(message));

    /// <summary>Any request but the status and unseal endpoints while the barrier is sealed (or not yet initialised).</summary>
    public static VaultException Sealed() => new(503, "Vault is sealed");

    /// <summary>Go's hashicorp/go-multierror rendering of a single error, as Vault puts it on the wire.</summary>
    public static string MultiError(string message) => $"1 error occurred:\n\t* {message}\n\n";
}
