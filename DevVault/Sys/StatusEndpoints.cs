using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Sys;

/// <summary><c>sys/health</c>, <c>sys/seal-status</c>, <c>sys/init</c>, <c>sys/leader</c>: raw bodies, no envelope (VAULT-API.md 1.1-1.3).</summary>
public sealed class StatusEndpoints(TimeProvider time) : ISysEndpoints
{
    public const string Version = "1.17.0+devvault";
    private static readonly string ClusterName = "vault-cluster-" + Ids.Base62String(8).ToLowerInvariant();
    private static readonly string ClusterId = Ids.Uuid();

    public IReadOnlyList<string> Prefixes => ["health", "seal-status", "init", "leader"];

    public IReadOnlyList<string> RootPaths => [];

    public IReadOnlyList<string> TopLevelDataPaths => [];

    public ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        var response = sysPath.TrimEnd('/') switch
        {
            "health" => Health(request),
            "seal-status" => request.Operation == Operation.Read ? Raw(SealStatus()) : throw VaultException.UnsupportedOperation(),
            "init" => request.Operation == Operation.Read
                ? Raw(new JsonObject { ["initialized"] = true })
                : throw VaultException.BadRequest("Vault is already initialized"),
            "leader" => Raw(new JsonObject { ["ha_enabled"] = false, ["is_self"] = false, ["active_time"] = "0001-01-01T00:00:00Z", ["leader_address"] = "", ["leader_cluster_address"] = "", ["performance_standby"] = false, ["performance_standby_last_remote_wal"] = 0 }),
            _ => throw VaultException.UnsupportedPath(),
        };
        return ValueTask.FromResult<LogicalResponse?>(response);
    }

    private LogicalResponse Health(LogicalRequest request)
    {
        if (request.Operation != Operation.Read)
        {
            throw VaultException.UnsupportedOperation();
        }

        // Always initialized, unsealed and active, so the active code applies; the other codes are still validated.
        var status = 200;
        foreach (var (name, value) in request.Data)
        {
            if (!name.EndsWith("code", StringComparison.Ordinal))
            {
                continue;
            }

            var text = value?.ToString() ?? "";
            if (!int.TryParse(text, out var code))
            {
                throw VaultException.BadRequest($"unable to parse {name} code: strconv.Atoi: parsing \"{text}\": invalid syntax");
            }

            if (name == "activecode")
            {
                status = code;
            }
        }

        var body = new JsonObject
        {
            ["initialized"] = true,
            ["sealed"] = false,
            ["standby"] = false,
            ["performance_standby"] = false,
            ["replication_performance_mode"] = "disabled",
            ["replication_dr_mode"] = "disabled",
            ["server_time_utc"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["version"] = Version,
            ["enterprise"] = false,
            ["cluster_name"] = ClusterName,
            ["cluster_id"] = ClusterId,
            ["echo_duration_ms"] = 0,
            ["clock_skew_ms"] = 0,
            ["replication_primary_canary_age_ms"] = 0,
        };
        return new LogicalResponse { RawJson = body.ToJsonString(VaultJson.SerializerOptions), StatusCode = status };
    }

    private static JsonObject SealStatus() => new()
    {
        ["type"] = "shamir",
        ["initialized"] = true,
        ["sealed"] = false,
        ["t"] = 1,
        ["n"] = 1,
        ["progress"] = 0,
        ["nonce"] = "",
        ["version"] = Version,
        ["build_date"] = "2026-01-01T00:00:00Z",
        ["migration"] = false,
        ["cluster_name"] = ClusterName,
        ["cluster_id"] = ClusterId,
        ["recovery_seal"] = false,
        ["storage_type"] = "inmem",
    };

    private static LogicalResponse Raw(JsonObject body) => new() { RawJson = body.ToJsonString(VaultJson.SerializerOptions), StatusCode = 200 };
}
