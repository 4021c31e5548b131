using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.Sys;

/// <summary><c>sys/key-status</c> and <c>sys/rotate</c> (sudo): the barrier keyring's active term, and installing a new one.</summary>
public sealed class KeyEndpoints(Keyring keyring) : ISysEndpoints
{
    public IReadOnlyList<string> Prefixes => ["key-status", "rotate"];

    public IReadOnlyList<string> RootPaths => ["rotate"];

    public IReadOnlyList<string> TopLevelDataPaths => ["key-status", "rotate"];

    public ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        LogicalResponse? response = (sysPath.TrimEnd('/'), request.Operation) switch
        {
            ("key-status", Operation.Read) => KeyStatus(),
            ("rotate", Operation.Update or Operation.Create) => Rotate(),
            _ => throw VaultException.UnsupportedOperation(),
        };
        return ValueTask.FromResult(response);
    }

    private LogicalResponse KeyStatus()
    {
        var (term, installTime, encryptions) = keyring.Status;
        return LogicalResponse.WithData(new JsonObject
        {
            ["term"] = term,
            ["install_time"] = VaultJson.Rfc3339(installTime),
            ["encryptions"] = encryptions,
        });
    }

    private LogicalResponse? Rotate()
    {
        keyring.Rotate();
        return null;
    }
}
