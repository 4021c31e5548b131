using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>What the Aspire dashboard stores of one write, read through its telemetry API as a script would.</summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class WriteTraceTests(SharedTopology shared)
{
    [Fact]
    public async Task OneSecretWriteIsOneTraceAcrossWriterVaultPostgresRabbitMqAndReader()
    {
        var topology = shared.Topology;
        var path = $"trace-test/{Guid.NewGuid():N}";
        using var writer = WriterApi.For(topology);
        using var telemetry = new TelemetryApi(topology.Dashboard!);

        var written = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["password"] = topology.Secret($"trace-{Guid.NewGuid():N}") }, cancellationToken: TestTimeout.Token());
        Assert.True(written.Status == HttpStatusCode.OK, $"write: {written}");

        // The contract itself is the wait condition: at the deadline the failure lists which span lacks what.
        var trace = await WriteTraces.WaitForCompleteTraceAsync(telemetry, path);
        Assert.Equal("writer", trace.Single(s => s.ParentSpanId is null).Resource);
        Assert.Empty(WriteTraceContract.Problems(trace));
    }

    [Fact]
    public async Task TheTelemetryApiAnswersOnlyWithTheApiKey()
    {
        var dashboard = shared.Topology.Dashboard!;
        using var anonymous = new HttpClient { BaseAddress = dashboard.Address };
        using var withKey = dashboard.CreateApiClient();

        using var refused = await anonymous.GetAsync(TelemetryApi.AllTraces, TestTimeout.Token());
        using var answered = await withKey.GetAsync(TelemetryApi.AllTraces, TestTimeout.Token());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }
}
