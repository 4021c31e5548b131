using DevVault.Storage;
using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Server;

/// <summary>
/// What <c>storage "postgresql"</c> does in one query: a batch of writes committed together (all of it, or when one
/// statement fails none), and a folder's values read at once.
/// </summary>
public sealed class PostgreSqlStorageTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private readonly string _table = "vault_batch_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task ABatchAppliesItsPutsAndDeletesInOrder()
    {
        await using var storage = await OpenAsync();
        await storage.PutAsync("kv/ver/app/1", [1]);

        await storage.WriteAsync([StorageWrite.Put("kv/ver/app/2", [2]), StorageWrite.Delete("kv/ver/app/1"), StorageWrite.Put("kv/meta/app", [3]), StorageWrite.Put("kv/meta/app", [4])]);

        Assert.Null(await storage.GetAsync("kv/ver/app/1"));
        Assert.Equal([2], await storage.GetAsync("kv/ver/app/2"));
        Assert.Equal([4], await storage.GetAsync("kv/meta/app"));
    }

    [Fact]
    public async Task ABatchWithAFailingStatementLeavesNothingBehind()
    {
        await using var storage = await OpenAsync();

        // PostgreSQL text cannot hold NUL, so the second put fails on the server, after the first has run.
        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(async () =>
            await storage.WriteAsync([StorageWrite.Put("kv/ver/app/1", [1]), StorageWrite.Put("kv/meta/a\0b", [2])]));

        Assert.Null(await storage.GetAsync("kv/ver/app/1"));
    }

    [Fact]
    public async Task ConcurrentWritesThatShareACommitFailOnlyWhereTheirOwnStatementFails()
    {
        await using var storage = await OpenAsync();

        // Sent together, so several are queued while one commits and go as one group; the NUL key fails its group.
        var writes = Enumerable.Range(0, 32)
            .Select(i => storage.WriteAsync([StorageWrite.Put($"kv/ver/app{i}/1", [(byte)i]), StorageWrite.Put(i == 7 ? "kv/meta/a\0b" : $"kv/meta/app{i}", [1])]).AsTask())
            .ToArray();
        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => writes[7]);

        await Task.WhenAll(writes.Where((_, i) => i != 7));
        Assert.Null(await storage.GetAsync("kv/ver/app7/1"));
        Assert.Equal([31], await storage.GetAsync("kv/ver/app31/1"));
        Assert.Equal([1], await storage.GetAsync("kv/meta/app0"));
    }

    [Fact]
    public async Task AFoldersChildrenAreItsOwnKeysWithTheirValuesInKeyOrder()
    {
        await using var storage = await OpenAsync();
        await storage.WriteAsync([
            StorageWrite.Put("sys/token/id/b", [2]),
            StorageWrite.Put("sys/token/id/a", [1]),
            StorageWrite.Put("sys/token/id/deeper/c", [3]),
            StorageWrite.Put("sys/token/idle", [4]),
            StorageWrite.Put("sys/token/accessor/a", [5]),
        ]);

        var children = await storage.GetChildrenAsync("sys/token/id/");

        Assert.Equal(["a", "b"], children.Select(c => c.Key));
        Assert.Equal([1], children[0].Value);
        Assert.Equal([2], children[1].Value);
        Assert.Empty(await storage.GetChildrenAsync("sys/none/"));
    }

    private Task<PostgreSqlStorage> OpenAsync() => PostgreSqlStorage.OpenAsync(postgres.Server.SuperUserUrl("postgres"), _table, maxParallel: 4);
}
