using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Expiration;
using DevVault.Mounts;

namespace DevVault.Sys;

/// <summary>
/// <c>sys/remount</c> (sudo) and <c>sys/remount/status/:migration_id</c>: moves a secrets engine or auth method to
/// a new path. Vault migrates in the background and reports progress by migration id; DevVault moves the mount
/// before it answers, so the status it records is already final.
/// </summary>
public sealed class RemountEndpoints(MountTable mounts, ExpirationManager expiration) : ISysEndpoints
{
    private static readonly HashSet<string> Protected = new(StringComparer.Ordinal) { "sys/", "cubbyhole/", "identity/", "auth/token/" };

    private readonly ConcurrentDictionary<string, RemountMigration> _migrations = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Prefixes => ["remount", "remount/status/*"];

    public IReadOnlyList<string> RootPaths => ["remount"];

    public IReadOnlyList<string> TopLevelDataPaths => ["remount"];

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        if (sysPath.StartsWith("remount/status/", StringComparison.Ordinal))
        {
            return request.Operation == Operation.Read
                ? Status(sysPath["remount/status/".Length..])
                : throw VaultException.UnsupportedOperation();
        }

        return request.Operation is Operation.Update or Operation.Create
            ? await RemountAsync(request.Data, cancellationToken)
            : throw VaultException.UnsupportedOperation();
    }

    private async ValueTask<LogicalResponse> RemountAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var from = MountPath(data.GetString("from"));
        var to = MountPath(data.GetString("to"));
        if (from.Length == 0 || to.Length == 0)
        {
            throw VaultException.BadRequest("both 'from' and 'to' path must be specified as a string");
        }

        if (Protected.Contains(from) || Protected.Contains(to))
        {
            throw VaultException.BadRequest($"cannot remount \"{(Protected.Contains(from) ? from : to)}\"");
        }

        var fromAuth = from.StartsWith("auth/", StringComparison.Ordinal);
        if (fromAuth != to.StartsWith("auth/", StringComparison.Ordinal))
        {
            throw VaultException.BadRequest(fromAuth
                ? "cannot remount auth mount to non-auth mount"
                : "cannot remount non-auth mount to auth mount");
        }

        if (mounts.Get(from) is null)
        {
            throw VaultException.BadRequest($"no matching mount at \"{from}\"");
        }

        // Lease ids name the path they were issued under; Vault revokes them rather than leave them unreachable.
        await expiration.RevokePrefixAsync(from, force: true, sync: true, cancellationToken);
        await mounts.RemountAsync(from, to, cancellationToken);

        var migration = new RemountMigration(Ids.Uuid(), from, to);
        _migrations[migration.Id] = migration;
        return LogicalResponse.WithData(new JsonObject { ["migration_id"] = migration.Id });
    }

    private LogicalResponse Status(string migrationId)
    {
        if (!_migrations.TryGetValue(migrationId, out var migration))
        {
            throw VaultException.NotFound();
        }

        return LogicalResponse.WithData(new JsonObject
        {
            ["migration_id"] = migration.Id,
            ["migration_info"] = new JsonObject
            {
                ["source_mount"] = migration.From,
                ["target_mount"] = migration.To,
                ["status"] = "success",
            },
        });
    }

    private static string MountPath(string? path) =>
        string.IsNullOrWhiteSpace(path) ? "" : path.Trim().Trim('/') + "/";

    private sealed record RemountMigration(string Id, string From, string To);
}
