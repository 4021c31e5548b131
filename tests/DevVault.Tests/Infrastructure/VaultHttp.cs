using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace DevVault.Tests.Infrastructure;

/// <summary>One reply from the server: status, parsed JSON body (null when empty), and headers.</summary>
public sealed record VaultReply(int Status, JsonNode? Json, HttpResponseHeaders Headers, string Body)
{
    public JsonNode? Data => Json?["data"];

    public JsonNode? Auth => Json?["auth"];

    public IReadOnlyList<string> Errors => Json?["errors"]?.AsArray().Select(e => e!.GetValue<string>()).ToList() ?? [];

    /// <summary>Asserts the status and returns this reply, printing the body when it differs.</summary>
    public VaultReply Expect(int status)
    {
        Assert.True(Status == status, $"expected HTTP {status}, got {Status}: {Body}");
        return this;
    }
}

/// <summary>A raw Vault HTTP caller for black-box tests: what any client in any language would send.</summary>
public sealed class VaultHttp(HttpClient http, string defaultToken)
{
    public static readonly HttpMethod List = new("LIST");

    public HttpClient Http => http;

    public string DefaultToken => defaultToken;

    public Task<VaultReply> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);

    public Task<VaultReply> PostAsync(string path, object? body = null, string? token = null, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, path, body, token, headers);

    public Task<VaultReply> PutAsync(string path, object? body = null, string? token = null) => SendAsync(HttpMethod.Put, path, body, token);

    public Task<VaultReply> DeleteAsync(string path, string? token = null) => SendAsync(HttpMethod.Delete, path, null, token);

    public Task<VaultReply> ListAsync(string path, string? token = null) => SendAsync(List, path, null, token);

    /// <summary>Sends a request; <paramref name="token"/> "" sends no token at all, null sends the default (root) token.</summary>
    public async Task<VaultReply> SendAsync(HttpMethod method, string path, object? body, string? token = null, IDictionary<string, string>? headers = null, string? contentType = null)
    {
        using var request = new HttpRequestMessage(method, "v1/" + path.TrimStart('/'));
        var effectiveToken = token ?? defaultToken;
        if (effectiveToken.Length > 0)
        {
            request.Headers.Add("X-Vault-Token", effectiveToken);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            var text = body switch
            {
                string s => s,
                JsonNode node => node.ToJsonString(),
                _ => System.Text.Json.JsonSerializer.Serialize(body),
            };
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        var json = raw.Length == 0 ? null : JsonNode.Parse(raw);
        return new VaultReply((int)response.StatusCode, json, response.Headers, raw);
    }
}
