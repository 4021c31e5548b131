using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Expiration;

namespace DevVault.Sys;

/// <summary><c>sys/leases/*</c> and the old aliases <c>sys/renew</c>, <c>sys/revoke</c>, <c>sys/revoke-prefix</c> (VAULT-API.md 1.9).</summary>
public sealed class LeaseEndpoints(ExpirationManager expiration, TimeProvider time) : ISysEndpoints
{
    public IReadOnlyList<string> Prefixes =>
        ["leases/*", "renew", "renew/*", "revoke", "revoke/*", "revoke-prefix/*", "revoke-force/*"];

    public IReadOnlyList<string> RootPaths =>
        ["revoke-prefix/*", "revoke-force/*", "leases/revoke-prefix/*", "leases/revoke-force/*", "leases/lookup/*"];

    public IReadOnlyList<string> TopLevelDataPaths => [];

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        var path = sysPath.StartsWith("leases/", StringComparison.Ordinal) ? sysPath["leases/".Length..] : sysPath;
        var (action, argument) = Split(path);
        switch (action)
        {
            case "lookup" when request.Operation == Operation.List:
                var keys = expiration.List(argument);
                return keys.Count == 0
                    ? throw VaultException.NotFound()
                    : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(keys) });
            case "lookup" when request.Operation is Operation.Update or Operation.Create:
                return LogicalResponse.WithData(Describe(FindLease(request.Data.GetString("lease_id"))));
            case "renew" when request.Operation is Operation.Update or Operation.Create:
                var leaseId = LeaseId(request.Data, argument);
                var (lease, warnings) = await expiration.RenewAsync(leaseId, request.Data.GetDuration("increment") ?? TimeSpan.Zero, cancellationToken);
                var renewed = new LogicalResponse { Secret = lease.Secret };
                renewed.Warnings.AddRange(warnings);
                return renewed;
            case "revoke" when request.Operation is Operation.Update or Operation.Create:
                var id = LeaseId(request.Data, argument);
                var sync = request.Data.GetBool("sync", true);
                if (expiration.Lookup(id) is null)
                {
                    // Vault treats revoking a lease it does not hold as done: nothing to revoke is not an error.
                    return sync ? null : new LogicalResponse { RawJson = "", StatusCode = 202 };
                }

                if (sync)
                {
                    await expiration.RevokeAsync(id, force: false, cancellationToken);
                    return null;
                }

                expiration.RevokeInBackground(id);
                return new LogicalResponse { RawJson = "", StatusCode = 202 };
            case "revoke-prefix" or "revoke-force" when request.Operation is Operation.Update or Operation.Create:
                var force = action == "revoke-force";
                var syncPrefix = force || request.Data.GetBool("sync", true);
                await expiration.RevokePrefixAsync(argument, force, syncPrefix, cancellationToken);
                return syncPrefix ? null : new LogicalResponse { RawJson = "", StatusCode = 202 };
            case "tidy" when request.Operation is Operation.Update or Operation.Create:
                return null;
            default:
                throw VaultException.UnsupportedPath();
        }
    }

    private LeaseEntry FindLease(string? leaseId) =>
        string.IsNullOrEmpty(leaseId)
            ? throw VaultException.BadRequest("lease_id must be specified")
            : expiration.Lookup(leaseId) ?? throw VaultException.BadRequest("invalid lease");

    private static string LeaseId(JsonObject data, string fromPath)
    {
        var id = fromPath.Length > 0 ? fromPath : data.GetString("lease_id") ?? data.GetString("url_lease_id");
        return string.IsNullOrEmpty(id) ? throw VaultException.BadRequest("lease_id must be specified") : id;
    }

    private static (string Action, string Argument) Split(string path)
    {
        var slash = path.IndexOf('/');
        return slash < 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
    }

    private JsonObject Describe(LeaseEntry lease)
    {
        var data = new JsonObject
        {
            ["id"] = lease.LeaseId,
            ["issue_time"] = Rfc3339(lease.IssueTime),
            ["expire_time"] = Rfc3339(lease.ExpireTime),
            ["last_renewal"] = lease.LastRenewal is { } renewed ? Rfc3339(renewed) : null,
            ["renewable"] = lease.Secret.Renewable,
            ["ttl"] = Math.Max(0, (long)(lease.ExpireTime - time.GetUtcNow()).TotalSeconds),
        };
        if (lease.RevocationAttempts > 0)
        {
            // Not in Vault's reply: lets an operator see that a revocation keeps failing and why.
            data["revocation_attempts"] = lease.RevocationAttempts;
            data["last_revocation_error"] = lease.LastRevocationError;
        }

        if (lease.Irrevocable)
        {
            data["irrevocable"] = true;
        }

        return data;
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture);
}
