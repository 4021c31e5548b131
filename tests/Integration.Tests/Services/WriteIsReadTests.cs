using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// The system's core promise: what the writer accepts, the reader reads, exactly that version, through Vault (the
/// event carries only path and version) and recorded once in PostgreSQL with each service's own credentials.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class WriteIsReadTests(SharedTopology shared)
{
    [Fact]
    public async Task EveryVersionTheWriterAcceptsIsReadOnce()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        var path = $"integration/write-is-read/{Guid.NewGuid():N}";

        var first = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["password"] = topology.Secret($"first-{Guid.NewGuid():N}") }, cancellationToken: cancellationToken);
        var second = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["password"] = topology.Secret($"second-{Guid.NewGuid():N}") }, cas: 1, cancellationToken: cancellationToken);

        Assert.True(first.Status == HttpStatusCode.OK, $"first write: {first}");
        Assert.True(second.Status == HttpStatusCode.OK, $"second write: {second}");
        Assert.Equal(path, first.Body?["path"]?.GetValue<string>());
        Assert.Equal(1, first.Body?["version"]?.GetValue<int>());
        Assert.Equal(2, second.Body?["version"]?.GetValue<int>());
        Assert.True(DateTimeOffset.TryParse(second.Body?["createdTime"]?.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _), $"createdTime: {second}");

        var read = await Eventually.MatchesAsync(
            () => AppDatabase.ReadVersionsAsync(topology, [path], cancellationToken),
            versions => versions.SetEquals([$"{path}@1", $"{path}@2"]),
            $"the reader to record {path} versions 1 and 2 in app.secret_reads");
        Assert.Equal(2, await AppDatabase.ScalarAsync<long>(topology, "SELECT count(*) FROM app.secret_writes WHERE path = @path", cancellationToken, ("path", path)));
    }

    /// <summary>
    /// A writer that stops between Vault and its journal leaves a version with no record and no event (and its
    /// Idempotency-Key unresolved): the reader's reconciliation, which lists Vault itself, still reads it.
    /// </summary>
    [Fact]
    public async Task AVersionInVaultWithNoRecordAndNoEventIsStillReadByTheReconciler()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        var path = $"integration/unrecorded/{Guid.NewGuid():N}";
        using (var root = topology.RootClient())
        {
            // The writer's first step alone, as if it had crashed right after Vault answered.
            await root.KeyValue.WriteAsync($"apps/{path}", new Dictionary<string, string> { ["k"] = topology.Secret($"unrecorded-{Guid.NewGuid():N}") }, cancellationToken: cancellationToken);
        }

        await Eventually.MatchesAsync(
            () => AppDatabase.ReadVersionsAsync(topology, [path], cancellationToken),
            versions => versions.SetEquals([$"{path}@1"]),
            $"the reconciler to read {path} version 1, which no event announced");
        Assert.Equal(0, await AppDatabase.TracesOfWriteAsync(topology, path, cancellationToken));
    }

    [Fact]
    public async Task AStaleCheckAndSetIsAConflictAndWritesNothing()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        var path = $"integration/cas/{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"v1-{Guid.NewGuid():N}") }, cas: 0, cancellationToken: cancellationToken)).Status);

        var conflict = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"v2-{Guid.NewGuid():N}") }, cas: 0, cancellationToken: cancellationToken);

        Assert.True(conflict.Status == HttpStatusCode.Conflict, $"cas 0 on an existing secret: {conflict}");
        Assert.Equal("application/problem+json", conflict.Message.Content.Headers.ContentType?.MediaType);
        using var root = topology.RootClient();
        Assert.Equal(1, (await root.KeyValue.ReadMetadataAsync($"apps/{path}", cancellationToken))?.CurrentVersion);
    }
}
