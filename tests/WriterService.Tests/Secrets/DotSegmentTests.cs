using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using VaultDemo.Contracts;
using VaultDemo.WriterService.Tests.Infrastructure;

namespace VaultDemo.WriterService.Tests.Secrets;

/// <summary>The server resolves dot segments before routing; the writer must refuse them, not write where they lead.</summary>
[Collection(WriterStackCollection.Name)]
public sealed class DotSegmentTests(WriterStackFixture stack)
{
    [Theory]
    [InlineData("%2e%2e")]
    [InlineData("%2E%2E")]
    [InlineData(".%2e")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("%2e")]
    public async Task ADotSegmentIsABadRequestThatNamesItAndWritesNothing(string segment)
    {
        await using var writer = await stack.StartWriterAsync();
        var folder = Names.Unique("dots");
        var leaf = Names.Unique("leaf");

        using var response = await PutRawAsync(writer.Http, $"/api/secrets/{folder}/{segment}/{leaf}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Contains($"'{segment}'", Assert.Single(problem!.Errors["path"]));
        foreach (var where in new[] { leaf, $"{folder}/{leaf}" })
        {
            Assert.Null(await stack.Root.KeyValue.ReadMetadataAsync(AppSecrets.KvPath(where)));
        }
    }

    [Fact]
    public async Task ADotSegmentBehindAnEncodedSlashIsRefusedToo()
    {
        await using var writer = await stack.StartWriterAsync();
        var folder = Names.Unique("dots");

        using var response = await PutRawAsync(writer.Http, $"/api/secrets/{folder}/x%2F..%2Fy");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await stack.Root.KeyValue.ListAsync(AppSecrets.KvPath(folder)));
    }

    /// <summary>Sends the path exactly as written: HttpClient would otherwise resolve the dot segments itself.</summary>
    private static Task<HttpResponseMessage> PutRawAsync(HttpClient http, string pathAndQuery)
    {
        var target = new Uri(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        return http.PutAsJsonAsync(target, new { data = new { key = "value" } });
    }
}
