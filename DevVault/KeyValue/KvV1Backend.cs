using System.Text;
using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.KeyValue;

/// <summary>The unversioned key/value engine (KV v1, VAULT-API.md 4.8): the body is the secret.</summary>
public sealed class KvV1Backend(BackendContext context) : IBackend
{
    public string Type => "kv";

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => [];

    public async ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        request.RelativePath.Length > 0 && await context.Storage.GetAsync(request.RelativePath, cancellationToken) is not null;

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var key = request.RelativePath;
        switch (request.Operation)
        {
            case Operation.List:
                var keys = await context.Storage.ListAsync(key, cancellationToken);
                return keys.Count == 0
                    ? throw VaultException.NotFound()
                    : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(keys) });
            case Operation.Read:
                var bytes = await context.Storage.GetAsync(key, cancellationToken) ?? throw VaultException.NotFound();
                return LogicalResponse.WithData(JsonNode.Parse(bytes)!.AsObject());
            case Operation.Create or Operation.Update:
                if (key.Length == 0)
                {
                    throw VaultException.BadRequest("missing path");
                }

                if (request.Data.Count == 0)
                {
                    throw VaultException.BadRequest("missing data fields");
                }

                await context.Storage.PutAsync(key, Encoding.UTF8.GetBytes(request.Data.ToJsonString(VaultJson.SerializerOptions)), cancellationToken);
                return null;
            case Operation.Delete:
                await context.Storage.DeleteAsync(key, cancellationToken);
                return null;
            default:
                throw VaultException.UnsupportedOperation();
        }
    }
}
