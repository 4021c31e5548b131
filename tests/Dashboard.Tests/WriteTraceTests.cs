namespace VaultDemo.Dashboard.Tests;

[Collection(TopologyCollection.Name)]
public sealed class WriteTraceTests(TopologyFixture topology)
{
    [Fact]
    public async Task OneSecretWriteIsOneTraceAcrossWriterVaultPostgresRabbitMqAndReader()
    {
        var path = $"trace-test/{Guid.NewGuid():N}";

        await topology.WriteSecretAsync(path, TestTimeout.Token());

        // The contract itself is the wait condition: at the deadline the failure lists which span lacks what.
        var trace = await WriteTraces.WaitForCompleteTraceAsync(topology.Dashboard, path);
        Assert.Equal("writer", trace.Spans.Single(s => s.ParentSpanId is null).Resource);
        Assert.Empty(WriteTraceContract.Problems(trace));
    }
}
