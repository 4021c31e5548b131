using DevVault.Storage;

namespace DevVault.Core;

/// <summary>
/// The create-vs-update existence check of engines that serve roles at <c>roles/:name</c> and keep them at storage
/// key <c>role/:name</c> (PKI, RabbitMQ): true or false there, null (no check) on every other path.
/// </summary>
public static class RoleExistence
{
    public static async ValueTask<bool?> CheckAsync(IStorage storage, LogicalRequest request, CancellationToken cancellationToken) =>
        request.RelativePath.TrimEnd('/').Split('/') is ["roles", var name]
            ? await storage.GetAsync("role/" + name, cancellationToken) is not null
            : null;
}
