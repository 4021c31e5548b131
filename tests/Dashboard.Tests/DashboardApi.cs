using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VaultDemo.Orchestrator.Telemetry.Traces;

namespace VaultDemo.Dashboard.Tests;

/// <summary>The dashboard's JSON API as a script uses it: the login token as a bearer, the dashboard's own record types.</summary>
public sealed class DashboardApi : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public DashboardApi(Uri address, string token)
    {
        _http = new HttpClient { BaseAddress = address };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Traces whose id, span names or attribute values contain <paramref name="search"/>, newest first.</summary>
    public async Task<IReadOnlyList<TraceSummary>> FindTracesAsync(string search, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<List<TraceSummary>>($"/api/traces?limit=10000&search={Uri.EscapeDataString(search)}", Json, cancellationToken) ?? [];

    public async Task<TraceDetail> GetTraceAsync(string traceId, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<TraceDetail>($"/api/traces/{traceId}", Json, cancellationToken)
            ?? throw new InvalidOperationException($"/api/traces/{traceId} answered null.");

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

    public void Dispose() => _http.Dispose();
}
