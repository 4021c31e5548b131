using System.Text;
using DevVault.Cli;
using DevVault.Core;
using DevVault.Expiration;
using DevVault.Telemetry;
using DevVault.Tokens;

namespace DevVault.Sys;

/// <summary>
/// <c>sys/metrics</c> (token required, as in Vault): Prometheus text with <c>format=prometheus</c>, else Vault's JSON
/// shape. Prometheus output is off when the configuration sets <c>prometheus_retention_time = 0</c>, as in Vault.
/// </summary>
public sealed class MetricsEndpoints(VaultMetrics metrics, TokenStore tokens, ExpirationManager expiration, DevServerOptions options, TimeProvider time) : ISysEndpoints
{
    private const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    public IReadOnlyList<string> Prefixes => ["metrics"];

    public IReadOnlyList<string> RootPaths => [];

    public IReadOnlyList<string> TopLevelDataPaths => [];

    public ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        if (request.Operation != Operation.Read)
        {
            throw VaultException.UnsupportedOperation();
        }

        var gauges = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["vault.token.count"] = tokens.Count,
            ["vault.expire.num_leases"] = expiration.Count,
        };
        var response = request.Data.GetString("format") switch
        {
            null or "" => new LogicalResponse { RawJson = metrics.ToJson(gauges, time.GetUtcNow()).ToJsonString(VaultJson.SerializerOptions), StatusCode = 200 },
            "prometheus" when options.Configuration?.Telemetry.PrometheusRetentionTime == TimeSpan.Zero =>
                throw VaultException.BadRequest("prometheus is not enabled"),
            "prometheus" => LogicalResponse.Raw(Encoding.UTF8.GetBytes(metrics.ToPrometheus(gauges)), PrometheusContentType),
            var other => throw VaultException.BadRequest($"unsupported metrics format \"{other}\""),
        };
        return ValueTask.FromResult<LogicalResponse?>(response);
    }
}
