using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.KeyValue;
using DevVault.Mounts;
using DevVault.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DevVault.Tests.KeyValue;

/// <summary>
/// A KV v2 write reaches storage as one batch (the new version, the versions it prunes, the metadata), so a storage
/// that commits batches together (PostgreSQL) never holds a version without its metadata, and pays one commit.
/// </summary>
public sealed class KvV2StorageBatchTests
{
    [Fact]
    public async Task AWriteIsOneBatchOfItsVersionThePrunedVersionAndTheMetadata()
    {
        var storage = new RecordingStorage();
        var kv = await WithVersionsAsync(storage, 11);

        Assert.Empty(storage.SingleWrites);
        Assert.Equal(11, storage.Batches.Count);
        var last = storage.Batches[^1];
        Assert.Equal(["ver/app/11", "ver/app/1", "meta/app"], last.Select(w => w.Key));
        Assert.NotNull(last[0].Value);
        Assert.Null(last[1].Value);
        Assert.NotNull(last[2].Value);
    }

    [Fact]
    public async Task AMetadataUpdateThatPrunesIsOneBatch()
    {
        var storage = new RecordingStorage();
        var kv = await WithVersionsAsync(storage, 3);

        await kv.HandleAsync(Request("metadata/app", JsonNode.Parse("""{"max_versions":1}""")!.AsObject()), CancellationToken.None);

        Assert.Empty(storage.SingleWrites);
        Assert.Equal(["ver/app/1", "ver/app/2", "meta/app"], storage.Batches[^1].Select(w => w.Key));
    }

    /// <summary>A KV v2 engine on <paramref name="storage"/> where <c>app</c> has been written <paramref name="versions"/> times.</summary>
    private static async Task<KvV2Backend> WithVersionsAsync(IStorage storage, int versions)
    {
        var kv = Backend(storage);
        for (var i = 1; i <= versions; i++)
        {
            await kv.HandleAsync(Request("data/app", new JsonObject { ["data"] = new JsonObject { ["password"] = $"p{i}" } }), CancellationToken.None);
        }

        return kv;
    }

    private static KvV2Backend Backend(IStorage storage) => new(new BackendContext
    {
        Mount = new MountEntry { Path = "secret/", Type = "kv", Uuid = Guid.NewGuid().ToString(), Accessor = "kv_test" },
        Storage = storage,
        Time = TimeProvider.System,
        LoggerFactory = NullLoggerFactory.Instance,
        Services = new ServiceCollection().BuildServiceProvider(),
    });

    private static LogicalRequest Request(string relativePath, JsonObject body) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Path = "secret/" + relativePath,
        RelativePath = relativePath,
        Operation = Operation.Update,
        Data = body,
    };

    /// <summary>Memory storage that records single puts and deletes apart from batches.</summary>
    private sealed class RecordingStorage : IStorage
    {
        private readonly IStorage _inner = new InMemoryStorage();

        public List<string> SingleWrites { get; } = [];

        public List<IReadOnlyList<StorageWrite>> Batches { get; } = [];

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

        public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
        {
            SingleWrites.Add(key);
            return _inner.PutAsync(key, value, cancellationToken);
        }

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
        {
            SingleWrites.Add(key);
            return _inner.DeleteAsync(key, cancellationToken);
        }

        public ValueTask WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
        {
            Batches.Add(writes);
            return _inner.WriteAsync(writes, cancellationToken);
        }

        public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);
    }
}
