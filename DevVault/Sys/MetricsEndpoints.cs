using System.Text;
using DevVault.Cli;
using DevVault.Core;
using DevVault.Expiration;
using DevVault.Telemetry;
using DevVault.Tokens;

namespace DevVault.Sys;

/// <summary>
/// <c>sys/metrics</c> (token required, as in Vault): Prometheus text with <c>format=prometheus</c> or a scraper's
/// Accept header, else Vault's JSON shape. Prometheus output is off when the configuration sets
/// <c>prometheus_retention_time = 0</c>, as in Vault.
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
        var format = request.Data.GetString("format") is { Length: > 0 } asked ? asked : FormatFromAccept(request.Accept);
        var response = format switch
        {
            "" => new LogicalResponse { RawJson = metrics.ToJson(gauges, time.GetUtcNow()).ToJsonString(VaultJson.SerializerOptions), StatusCode = 200 },
            "prometheus" when options.Configuration?.Telemetry.PrometheusRetentionTime == TimeSpan.Zero => TextError("prometheus is not enabled"),
            "prometheus" => LogicalResponse.Raw(Encoding.UTF8.GetBytes(metrics.ToPrometheus(gauges)), PrometheusContentType),
            _ => TextError($"metric response format \"{format}\" unknown"),
        };
        return ValueTask.FromResult<LogicalResponse?>(response);
    }

    /// <summary>
    /// A Prometheus scraper asks for its format in the Accept header; Vault honours that when no format is given
    /// (helper/metricsutil FormatFromRequest): the first value may name OpenMetrics, any value the telemetry schema.
    /// </summary>
    private static string FormatFromAccept(IReadOnlyList<string> accept) =>
        accept.Count > 0 && (accept[0].StartsWith("application/openmetrics-text", StringComparison.Ordinal) || accept.Any(value => value.Contains("prometheus/telemetry", StringComparison.Ordinal)))
            ? "prometheus"
            : "";

    /// <summary>Vault's metrics helper reports its own failures as a plain-text 400, not as the JSON error envelope.</summary>
    private static LogicalResponse TextError(string message) =>
        new() { RawBody = Encoding.UTF8.GetBytes(message), RawContentType = "text/plain", StatusCode = 400 };
}
