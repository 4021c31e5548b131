using System.Net;
using System.Net.Http.Json;
using VaultDemo.WriterService.Tests.Infrastructure;

namespace VaultDemo.WriterService.Tests.Outbox;

[Collection(WriterStackCollection.Name)]
public sealed class OutboxRetentionTests(WriterStackFixture stack)
{
    [Fact]
    public async Task SentEventsPastTheRetentionAreDeletedInBatchesSoTheOutboxStaysBoundedWhileWritesContinue()
    {
        await using var writer = await stack.StartWriterAsync(new Dictionary<string, string?>
        {
            ["Outbox:Retention"] = "00:00:00",
            ["Outbox:RetentionBatchSize"] = "3",
            ["Outbox:RetentionInterval"] = "00:00:00.200",
        });
        var path = Names.Unique("retained");

        for (var round = 1; round <= 3; round++)
        {
            for (var write = 0; write < 10; write++)
            {
                using var response = await writer.Http.PutAsJsonAsync($"/api/secrets/{path}", new { data = new { key = $"value-{round}-{write}" } });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // Ten rows per round, more than three batches: the table drains every time, it does not grow with the writes.
            await Poll.UntilAsync(
                async () => await stack.QueryAsync<long>("SELECT count(*) FROM app.outbox") == 0,
                $"round {round}'s sent events to be deleted from app.outbox");
        }

        await Poll.UntilAsync(() => writer.Published.For(path).Count >= 30, "all thirty events to reach the bus");
        Assert.Equal(30, writer.Published.For(path).Count);
        Assert.Equal(30L, await stack.QueryAsync<long>("SELECT count(*) FROM app.secret_writes WHERE path = @path", ("path", path)));
    }
}
