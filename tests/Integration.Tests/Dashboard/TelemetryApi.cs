using System.Text.Json;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>
/// The Aspire dashboard's telemetry API (<c>/api/telemetry/...</c>, header <c>x-api-key</c>) as a script or the
/// Aspire CLI reads it: traces and logs as OTLP JSON.
/// </summary>
public sealed class TelemetryApi(DashboardEndpoints dashboard) : IDisposable
{
    // Far above what a test run stores: the API answers at most this many items per request.
    private const int Limit = 100_000;

    private readonly HttpClient _http = dashboard.CreateApiClient();

    /// <summary>The ids of the traces that the dashboard's search matches for <paramref name="text"/> (span names, attribute values).</summary>
    public async Task<IReadOnlyList<string>> SearchTracesAsync(string text, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync($"/api/telemetry/traces?limit={Limit}&search={Uri.EscapeDataString(text)}", cancellationToken);
        return [.. TelemetrySpan.Parse(document.RootElement).Select(s => s.TraceId).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every span of one trace, from every resource that took part.</summary>
    public async Task<IReadOnlyList<TelemetrySpan>> GetTraceAsync(string traceId, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync($"/api/telemetry/traces/{traceId}", cancellationToken);
        return TelemetrySpan.Parse(document.RootElement);
    }

    /// <summary>Any API answer as raw JSON, for scanning what is stored without assuming its shape.</summary>
    public async Task<JsonDocument> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(pathAndQuery, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {pathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    public static string AllLogs => $"/api/telemetry/logs?limit={Limit}";

    public static string AllTraces => $"/api/telemetry/traces?limit={Limit}";

    public void Dispose() => _http.Dispose();
}
