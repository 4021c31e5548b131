using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Seal;
using DevVault.Storage;

namespace DevVault.Sys;

/// <summary><c>sys/key-status</c> and <c>sys/rotate</c> (sudo): the barrier keyring's active term, and installing a new one.</summary>
public sealed class KeyEndpoints(Keyring keyring, SealManager seal) : ISysEndpoints
{
    public IReadOnlyList<string> Prefixes => ["key-status", "rotate"];

    public IReadOnlyList<string> RootPaths => ["rotate"];

    public IReadOnlyList<string> TopLevelDataPaths => ["key-status", "rotate"];

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        switch (sysPath.TrimEnd('/'), request.Operation)
        {
            case ("key-status", Operation.Read):
                return KeyStatus();
            case ("rotate", Operation.Update or Operation.Create):
                await seal.RotateAsync(cancellationToken);
                return null;
            default:
                throw VaultException.UnsupportedOperation();
        }
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

}
