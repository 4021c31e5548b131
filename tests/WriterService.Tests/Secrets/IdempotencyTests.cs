using System.Net;
using System.Net.Http.Json;
using VaultDemo.Contracts;
using VaultDemo.WriterService.Secrets;
using VaultDemo.WriterService.Tests.Infrastructure;

namespace VaultDemo.WriterService.Tests.Secrets;

[Collection(WriterStackCollection.Name)]
public sealed class IdempotencyTests(WriterStackFixture stack)
{
    [Fact]
    public async Task ARetryAfterTheDatabaseFailedBetweenVaultAndTheJournalCompletesTheRecordWithoutWritingAgain()
    {
        await using var writer = await stack.StartWriterAsync();
        var path = Names.Unique("idempotent");
        var key = Guid.NewGuid().ToString();

        writer.CutDatabaseAfterNextVaultWrite();
        using (var failed = await PutAsync(writer, path, key, new { data = new { key = "value" }, cas = 0 }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        writer.RestoreDatabase();
        using var retried = await PutAsync(writer, path, key, new { data = new { key = "value" }, cas = 0 });

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, (await retried.Content.ReadFromJsonAsync<SecretWritten>())!.Version);
        Assert.Equal(1, (await stack.Root.KeyValue.ReadMetadataAsync(AppSecrets.KvPath(path)))!.CurrentVersion);
        Assert.Equal(1L, await stack.QueryAsync<long>("SELECT count(*) FROM app.secret_writes WHERE path = @path", ("path", path)));
        Assert.Equal(1L, await stack.QueryAsync<long>("SELECT count(*) FROM app.outbox WHERE payload->>'path' = @path", ("path", path)));
        await Poll.UntilAsync(() => writer.Published.For(path).Count > 0, $"the event for {path} to reach the bus");
        Assert.Single(writer.Published.For(path));
    }

    [Fact]
    public async Task ARetryAfterVaultRefusedTheConnectionForTheWriteWritesOnceVaultIsBack()
    {
        await using var writer = await stack.StartWriterAsync();
        var path = Names.Unique("idempotent");
        var key = Guid.NewGuid().ToString();
        using (var warm = await writer.Http.PutAsJsonAsync($"/api/secrets/{Names.Unique("warm")}", new { data = new { key = "value" } }))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode); // logged in, database credentials in hand
        }

        writer.CutVaultAfterNextFingerprint();
        using (var unreachable = await PutAsync(writer, path, key, new { data = new { key = "value" }, cas = 0 }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unreachable.StatusCode);
        }

        writer.RestoreVault();
        using var retried = await PutAsync(writer, path, key, new { data = new { key = "value" }, cas = 0 });

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, (await retried.Content.ReadFromJsonAsync<SecretWritten>())!.Version);
        Assert.Equal(1, (await stack.Root.KeyValue.ReadMetadataAsync(AppSecrets.KvPath(path)))!.CurrentVersion);
        Assert.Equal(1L, await stack.QueryAsync<long>("SELECT count(*) FROM app.secret_writes WHERE path = @path", ("path", path)));
    }

    [Fact]
    public async Task ARetryOfARecordedWriteAnswersTheRecordedVersion()
    {
        await using var writer = await stack.StartWriterAsync();
        var path = Names.Unique("idempotent");
        var key = Guid.NewGuid().ToString();

        using var first = await PutAsync(writer, path, key, new { data = new { key = "value" } });
        using var second = await PutAsync(writer, path, key, new { data = new { key = "value" } });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadFromJsonAsync<SecretWritten>(), await second.Content.ReadFromJsonAsync<SecretWritten>());
        Assert.Equal(1, (await stack.Root.KeyValue.ReadMetadataAsync(AppSecrets.KvPath(path)))!.CurrentVersion);
    }

    [Theory]
    [InlineData("otherKey", "value")]
    [InlineData("key", "another value")] // answering the first write's result would claim this value was stored
    public async Task AKeyReusedForAnotherRequestIsRefusedAndWritesNothing(string otherKey, string otherValue)
    {
        await using var writer = await stack.StartWriterAsync();
        var path = Names.Unique("idempotent");
        var key = Guid.NewGuid().ToString();
        using var first = await PutAsync(writer, path, key, new { data = new { key = "value" } });

        using var other = await PutAsync(writer, path, key, new { data = new Dictionary<string, string> { [otherKey] = otherValue } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, (await stack.Root.KeyValue.ReadMetadataAsync(AppSecrets.KvPath(path)))!.CurrentVersion);
    }

    [Fact]
    public async Task AKeyIsFreedWhenVaultRefusesTheWrite()
    {
        await using var writer = await stack.StartWriterAsync();
        var path = Names.Unique("idempotent");
        var key = Guid.NewGuid().ToString();
        using var created = await PutAsync(writer, path, Guid.NewGuid().ToString(), new { data = new { key = "one" } });

        using var refused = await PutAsync(writer, path, key, new { data = new { key = "two" }, cas = 0 });
        using var retried = await PutAsync(writer, path, key, new { data = new { key = "two" }, cas = 0 });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.Contains("check-and-set", await retried.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static Task<HttpResponseMessage> PutAsync(WriterApp writer, string path, string idempotencyKey, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/secrets/{path}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return writer.Http.SendAsync(request);
    }
}
