using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Sys;
using DevVault.Tokens;

namespace DevVault.Policies;

/// <summary><c>sys/capabilities</c>, <c>sys/capabilities-self</c>, <c>sys/capabilities-accessor</c> (VAULT-API.md 1.8).</summary>
public sealed class CapabilityEndpoints(IPolicyStore policies, ITokenLookup tokens) : ISysEndpoints
{
    public IReadOnlyList<string> Prefixes => ["capabilities", "capabilities-self", "capabilities-accessor"];

    public IReadOnlyList<string> RootPaths => [];

    public IReadOnlyList<string> TopLevelDataPaths => Prefixes;

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Update or Operation.Create))
        {
            throw VaultException.UnsupportedOperation();
        }

        var paths = request.Data.GetStringList("paths") ?? request.Data.GetStringList("path") ?? [];
        if (paths.Count == 0)
        {
            throw VaultException.BadRequest("missing paths");
        }

        var token = sysPath switch
        {
            "capabilities-self" => request.Token,
            "capabilities" => await tokens.LookupAsync(request.Data.GetString("token") ?? "", cancellationToken),
            _ => await tokens.LookupByAccessorAsync(request.Data.GetString("accessor") ?? "", cancellationToken),
        };
        if (token is null)
        {
            throw VaultException.BadRequest(sysPath == "capabilities-accessor" ? "invalid accessor" : "invalid token");
        }

        var acl = await policies.GetAclAsync(token.Policies, cancellationToken);
        var data = new JsonObject();
        JsonArray? only = null;
        foreach (var path in paths)
        {
            var capabilities = new JsonArray([.. acl.Capabilities(path.TrimStart('/')).Select(c => JsonValue.Create(c))]);
            data[path] = capabilities;
            only = capabilities;
        }

        if (paths.Count == 1)
        {
            data["capabilities"] = only!.DeepClone();
        }

        return LogicalResponse.WithData(data);
    }
}
