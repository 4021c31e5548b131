using Aspire.Hosting.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>The writer's HTTP API as a client would call it, answering status and body so tests can assert both.</summary>
public sealed class WriterApi(HttpClient http) : IDisposable
{
    public sealed record Response(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Message)
    {
        public override string ToString() => $"{(int)Status} {Body?.ToJsonString()}";
    }

    public static WriterApi For(Topology topology) => new(topology.App.CreateHttpClient(Topology.Writer));

    public Task<Response> PutSecretAsync(string path, IReadOnlyDictionary<string, string> data, int? cas = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"/api/secrets/{path}", JsonContent.Create(cas is null ? new JsonObject { ["data"] = ToJson(data) } : new JsonObject { ["data"] = ToJson(data), ["cas"] = cas }), cancellationToken);

    /// <summary>Any body, byte for byte, to any (already escaped) target: for the inputs a well-behaved client never sends.</summary>
    public Task<Response> PutRawAsync(string target, string body, string contentType = "application/json", CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, target, new StringContent(body, Encoding.UTF8, contentType), cancellationToken);

    public Task<Response> RegisterUserAsync(string id, string name, string email, string apiSecret, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/api/users", JsonContent.Create(new { id, name, email, apiSecret }), cancellationToken);

    private async Task<Response> SendAsync(HttpMethod method, string target, HttpContent content, CancellationToken cancellationToken)
    {
        // Raw targets keep their dot segments and escapes: the path reaches the writer as the test wrote it.
        using var request = new HttpRequestMessage(method, new Uri(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true })) { Content = content };
        var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? body = null;
        try
        {
            body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            body = JsonValue.Create(text);
        }

        return new Response(response.StatusCode, body, response);
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> data) => new(data.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));

    public void Dispose() => http.Dispose();
}
