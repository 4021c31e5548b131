using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// Raw Vault API calls for what the typed client deliberately does not expose (reading back AppRole and database
/// role definitions, listing secret id accessors), so the tests see Vault's own answer without a client in between.
/// </summary>
public sealed class VaultHttp(Uri address, string token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(address, "/v1/"), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Vault-Token", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }

    /// <summary>The <c>data</c> of a successful read; throws naming the path and Vault's errors otherwise.</summary>
    public async Task<JsonNode> ReadDataAsync(string path, CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken);
        return status == HttpStatusCode.OK && body?["data"] is { } data
            ? data
            : throw new InvalidOperationException($"GET {path} answered {(int)status}: {body?.ToJsonString()}");
    }

    /// <summary>The keys of a LIST, empty when Vault has none (404).</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(new HttpMethod("LIST"), path, cancellationToken: cancellationToken);
        return status switch
        {
            HttpStatusCode.OK => body?["data"]?["keys"]?.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal).ToList() ?? [],
            HttpStatusCode.NotFound => [],
            _ => throw new InvalidOperationException($"LIST {path} answered {(int)status}: {body?.ToJsonString()}"),
        };
    }

    public void Dispose() => _http.Dispose();
}
