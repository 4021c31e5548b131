using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using VaultDemo.Contracts;
using VaultDemo.VaultClient.KeyValue;
using VaultDemo.WriterService.Tests.Infrastructure;

namespace VaultDemo.WriterService.Tests.Secrets;

[Collection(WriterStackCollection.Name)]
public sealed class CheckAndSetTests(WriterStackFixture stack)
{
    [Fact]
    public async Task AMissingCasOnASecretThatRequiresOneIsABadRequestNamingCas()
    {
        await using var writer = await stack.StartWriterAsync();
        var path = Names.Unique("cas-required");
        await stack.Root.KeyValue.WriteMetadataAsync(AppSecrets.KvPath(path), new KvMetadataUpdate { CasRequired = true });

        using var response = await writer.Http.PutAsJsonAsync($"/api/secrets/{path}", new { data = new { key = "value" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Contains("cas", problem!.Errors.Keys);
        Assert.Equal(0, (await stack.Root.KeyValue.ReadMetadataAsync(AppSecrets.KvPath(path)))!.CurrentVersion);
    }

    [Fact]
    public async Task AStaleCasIsAConflict()
    {
        await using var writer = await stack.StartWriterAsync();
        var path = Names.Unique("cas-stale");
        using var created = await writer.Http.PutAsJsonAsync($"/api/secrets/{path}", new { data = new { key = "one" }, cas = 0 });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        using var stale = await writer.Http.PutAsJsonAsync($"/api/secrets/{path}", new { data = new { key = "two" }, cas = 0 });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(1, (await stack.Root.KeyValue.ReadMetadataAsync(AppSecrets.KvPath(path)))!.CurrentVersion);
    }
}
