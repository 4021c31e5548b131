using System.Net;
using System.Text.Json.Nodes;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// Every malformed request is refused as a whole with an RFC 7807 validation problem naming what is wrong, and leaves
/// no trace: no secret version in Vault, no write record, no event. Each case writes under its own fresh prefix, so
/// "nothing written" is checked for everything the request could have reached.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class BadInputTests(SharedTopology shared)
{
    private const string Valid = """{"data":{"k":"value"}}""";

    /// <summary>
    /// Name, path below the case's own prefix (raw, as sent), body, and the field the problem must name (alternatives
    /// separated by |: a key that is itself unsafe may be named by its position rather than echoed).
    /// </summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "malformed JSON", "secret", """{"data":{"k":"value" """, "body" },
        { "body is not an object", "secret", """[{"data":{"k":"value"}}]""", "body" },
        { "unknown property", "secret", """{"data":{"k":"value"},"extra":1}""", "body" },
        { "data missing", "secret", "{}", "data" },
        { "data empty", "secret", """{"data":{}}""", "data" },
        { "data as array", "secret", """{"data":["k","value"]}""", "data" },
        { "data as string", "secret", """{"data":"k=value"}""", "data" },
        { "value as number", "secret", """{"data":{"k":42}}""", "data.k" },
        { "value as object", "secret", """{"data":{"k":{"nested":"value"}}}""", "data.k" },
        { "cas as string", "secret", """{"data":{"k":"value"},"cas":"1"}""", "cas" },
        { "cas negative", "secret", """{"data":{"k":"value"},"cas":-1}""", "cas" },
        { "cas fractional", "secret", """{"data":{"k":"value"},"cas":1.5}""", "cas" },
        { "oversize body", "secret", Body(new string('x', 70 * 1024)), "body" },
        { "oversize value", "secret", Body(new string('x', 17 * 1024)), "data.k" },
        { "too many keys", "secret", new JsonObject { ["data"] = new JsonObject(Enumerable.Range(0, 65).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v"))) }.ToJsonString(), "data" },
        { "control character in a value", "secret", """{"data":{"k":"a\u0000b"}}""", "data.k" },
        { "control character in a key", "secret", """{"data":{"k\u0007":"value"}}""", "data.k\u0007|data[0]" },
        { "space in a key", "secret", """{"data":{"my key":"value"}}""", "data.my key|data[0]" },
        { "traversal with escaped slashes", "a/..%2F..%2F..%2Fsys", Valid, "path" },
        { "empty segment", "a//b", Valid, "path" },
        { "control character in the path", "a%01b", Valid, "path" },
        { "newline in the path", "a%0Ab", Valid, "path" },
        { "space in the path", "a%20b", Valid, "path" },
        { "path too deep", "1/2/3/4/5/6/7/8/9", Valid, "path" },
        { "path too long", new string('p', 60) + "/" + new string('p', 60) + "/" + new string('p', 60) + "/" + new string('p', 60) + "/" + new string('p', 60), Valid, "path" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputIsRefusedNamingTheFieldAndWritesNothing(string name, string path, string body, string field)
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        var prefix = $"bad-input/{Guid.NewGuid():N}";

        var response = await writer.PutRawAsync($"/api/secrets/{prefix}/{path}", body, cancellationToken: cancellationToken);

        Assert.True(response.Status == HttpStatusCode.BadRequest, $"{name}: expected 400, got {response}");
        Assert.Equal("application/problem+json", response.Message.Content.Headers.ContentType?.MediaType);
        var errors = response.Body?["errors"]?.AsObject();
        Assert.True(field.Split('|').Any(f => errors?.ContainsKey(f) == true), $"{name}: expected the problem to name '{field}', got {response}");
        await AssertNothingWrittenAsync(topology, prefix, cancellationToken);
    }

    /// <summary>A body that is not JSON is refused before any field is looked at, still as problem details, still writing nothing.</summary>
    [Fact]
    public async Task ABodyThatIsNotJsonIsRefusedAsUnsupportedMediaTypeAndWritesNothing()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        var prefix = $"bad-input/{Guid.NewGuid():N}";

        var response = await writer.PutRawAsync($"/api/secrets/{prefix}/secret", "data[k]=value", "application/x-www-form-urlencoded", cancellationToken);

        Assert.True(response.Status == HttpStatusCode.UnsupportedMediaType, $"expected 415, got {response}");
        Assert.Equal("application/problem+json", response.Message.Content.Headers.ContentType?.MediaType);
        await AssertNothingWrittenAsync(topology, prefix, cancellationToken);
    }

    /// <summary>
    /// Dot segments sent raw or percent-encoded never reach the writer as "..": Kestrel resolves them before routing
    /// (a '..' that does arrive, e.g. behind an encoded slash, is refused above). Whatever they resolve to, the write
    /// stays inside the case's own subtree of secret/apps/ and the answer names where it went, so nothing lands where
    /// the client cannot see.
    /// </summary>
    [Theory]
    [InlineData("a/../b", "b")]
    [InlineData("a/%2E%2E/b", "b")]
    [InlineData("a/./b", "a/b")]
    [InlineData("a/b/%2e%2e/%2E%2E/c", "c")]
    public async Task DotSegmentsResolveInsideTheSubtreeTheyWereSentTo(string path, string resolved)
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        var prefix = $"bad-input/{Guid.NewGuid():N}";

        var response = await writer.PutRawAsync($"/api/secrets/{prefix}/{path}", Valid, cancellationToken: cancellationToken);

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path}: {response}");
        using var vault = topology.RootHttp();
        var written = await vault.ListAsync($"secret/metadata/apps/{prefix}", cancellationToken);
        if (response.Status == HttpStatusCode.OK)
        {
            Assert.Equal($"{prefix}/{resolved}", response.Body?["path"]?.GetValue<string>());
            Assert.Equal(resolved.Split('/')[0] + (resolved.Contains('/') ? "/" : ""), Assert.Single(written));
        }
        else
        {
            Assert.Empty(written);
        }
    }

    private static string Body(string value) => new JsonObject { ["data"] = new JsonObject { ["k"] = value } }.ToJsonString();

    /// <summary>No version under the prefix in Vault (KV metadata answers 404, the listing is empty), no write record, no event.</summary>
    private static async Task AssertNothingWrittenAsync(Topology topology, string prefix, CancellationToken cancellationToken)
    {
        using var vault = topology.RootHttp();
        var (status, _) = await vault.SendAsync(HttpMethod.Get, $"secret/metadata/apps/{prefix}/secret", cancellationToken: cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Empty(await vault.ListAsync($"secret/metadata/apps/{prefix}", cancellationToken));
        Assert.Empty(await vault.ListAsync($"secret/metadata/apps/{prefix.Split('/')[0]}/{prefix.Split('/')[1]}/", cancellationToken));
        var traces = await AppDatabase.ScalarAsync<long>(topology, """
            SELECT (SELECT count(*) FROM app.secret_writes WHERE path LIKE @prefix) + (SELECT count(*) FROM app.outbox WHERE payload->>'path' LIKE @prefix)
            """, cancellationToken, ("prefix", prefix + "%"));
        Assert.Equal(0, traces);
    }
}
