using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Cubbyhole;

/// <summary>The <c>cubbyhole/</c> engine: a KV v1-style store that only the token that wrote it can see.</summary>
public sealed class CubbyholeBackend(CubbyholeStore store) : IBackend
{
    public string Type => "cubbyhole";

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => [];

    public async ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        request.Token is null ? false : await store.For(request.Token.Id).GetAsync(request.RelativePath, cancellationToken) is not null;

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var token = request.Token ?? throw VaultException.PermissionDenied();
        var storage = store.For(token.Id);
        var key = request.RelativePath;

        switch (request.Operation)
        {
            case Operation.List:
                var keys = await storage.ListAsync(key, cancellationToken);
                if (keys.Count == 0)
                {
                    throw VaultException.NotFound();
                }

                return LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(keys) });
            case Operation.Read:
                var bytes = await storage.GetAsync(key, cancellationToken);
                return bytes is null ? throw VaultException.NotFound() : LogicalResponse.WithData(JsonNode.Parse(bytes)!.AsObject());
            case Operation.Create or Operation.Update:
                if (key.Length == 0)
                {
                    throw VaultException.BadRequest("missing path");
                }

                if (request.Data.Count == 0)
                {
                    throw VaultException.BadRequest("missing data fields");
                }

                await storage.PutAsync(key, System.Text.Encoding.UTF8.GetBytes(request.Data.ToJsonString(VaultJson.SerializerOptions)), cancellationToken);
                return null;
            case Operation.Delete:
                await storage.DeleteAsync(key, cancellationToken);
                return null;
            default:
                throw VaultException.UnsupportedOperation();
        }
    }
}
