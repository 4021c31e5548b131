using DevVault.Database;
using Npgsql;

namespace DevVault.Storage;

/// <summary>
/// Physical storage in a PostgreSQL table laid out as Vault's own PostgreSQL backend lays it out
/// (<c>parent_path</c>, <c>path</c>, <c>key</c>, <c>value bytea</c>, primary key <c>(path, key)</c>): the key
/// <c>sys/token/id/x</c> is the row <c>path = '/sys/token/id/'</c>, <c>key = 'x'</c>, <c>parent_path = '/sys/token/'</c>,
/// so a listing is one indexed query. The table is created when missing. Every value is barrier ciphertext.
/// Writes share transactions under load (<see cref="GroupCommit"/>).
/// </summary>
public sealed class PostgreSqlStorage : IStorage, IAsyncDisposable
{
    // Transactions in flight at once. A few keep PostgreSQL busy while the next group gathers, and let it flush their
    // WAL together when the disk is slow; many would split the queue into small groups that each pay a commit. Two
    // and four measured alike on a busy CPU; four keeps more in flight when PostgreSQL waits on fsync instead.
    private const int Committers = 4;
    private const int MaxWritesPerGroup = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;
    private readonly GroupCommit _commits;

    private PostgreSqlStorage(NpgsqlDataSource dataSource, string table, int maxParallel)
    {
        _dataSource = dataSource;
        _table = table;
        _commits = new GroupCommit(CommitAsync, e => e is PostgresException, Math.Min(Committers, maxParallel), MaxWritesPerGroup);
    }

    /// <param name="connectionUrl">Vault's <c>connection_url</c>, URL or keyword form.</param>
    /// <param name="table">Table name, optionally schema-qualified.</param>
    /// <param name="maxParallel">Most concurrent statements, as Vault's <c>max_parallel</c> (the pool size).</param>
    public static async Task<PostgreSqlStorage> OpenAsync(string connectionUrl, string table, int maxParallel, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(
            PostgresConnectionUrl.ToConnectionString(new ConnectionConfig { ConnectionUrl = connectionUrl, MaxOpenConnections = maxParallel }))
        {
            ApplicationName = "DevVault storage",
            // The storage sends a handful of statement texts over and over: prepared, PostgreSQL stops parsing and
            // planning them on every commit (a tenth of its CPU per KV write in devvault-pg-kv).
            MaxAutoPrepare = 8,
        };
        var storage = new PostgreSqlStorage(NpgsqlDataSource.Create(builder.ConnectionString), QuoteTableName(table), maxParallel);
        await storage.CreateTableAsync(cancellationToken);
        return storage;
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var (path, name, _) = Split(key);
        await using var command = _dataSource.CreateCommand($"SELECT value FROM {_table} WHERE path = $1 AND key = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = path });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) =>
        WriteAsync([StorageWrite.Put(key, value)], cancellationToken);

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        WriteAsync([StorageWrite.Delete(key)], cancellationToken);

    /// <summary>Commits <paramref name="writes"/> together, all or none, in a transaction it may share with other writes.</summary>
    public async ValueTask WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default)
    {
        if (writes.Count > 0)
        {
            await _commits.WriteAsync(writes, cancellationToken);
        }
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>> GetChildrenAsync(string prefix, CancellationToken cancellationToken = default)
    {
        // The rows of one path are one index range: a single query however many keys it holds.
        await using var command = _dataSource.CreateCommand($"SELECT key, value FROM {_table} WHERE path = $1 ORDER BY key");
        command.Parameters.Add(new NpgsqlParameter { Value = "/" + prefix });
        var values = new List<KeyValuePair<string, byte[]>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(new(reader.GetString(0), (byte[])reader.GetValue(1)));
        }

        return values;
    }

    public async ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        // Keys directly under the prefix, plus the first path segment of every deeper row, as folders.
        var path = "/" + prefix;
        await using var command = _dataSource.CreateCommand(
            $"SELECT key FROM {_table} WHERE path = $1 "
            + $"UNION SELECT substring(substr(path, length($1) + 1) from '^[^/]*/') FROM {_table} WHERE starts_with(parent_path, $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = path });
        var children = new SortedSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0))
            {
                children.Add(reader.GetString(0));
            }
        }

        return [.. children];
    }

    public async ValueTask DisposeAsync()
    {
        await _commits.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    /// <summary>
    /// One round trip of at most two statements, however many writes: every key's last write decides what it ends as, so
    /// the deletes and the puts touch different rows and can each go as one statement over arrays. PostgreSQL runs a
    /// batch in one implicit transaction (Npgsql's default), so it commits whole or not at all, with one WAL flush.
    /// </summary>
    private async Task CommitAsync(IReadOnlyList<StorageWrite> writes)
    {
        var last = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            last[write.Key] = write.Value;
        }

        var puts = last.Where(w => w.Value is not null).Select(w => (Row: Split(w.Key), Value: w.Value!)).ToArray();
        var deletes = last.Where(w => w.Value is null).Select(w => Split(w.Key)).ToArray();
        await using var batch = _dataSource.CreateBatch();
        if (deletes.Length > 0)
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {_table} WHERE (path, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))");
            delete.Parameters.Add(new NpgsqlParameter { Value = deletes.Select(r => r.Path).ToArray() });
            delete.Parameters.Add(new NpgsqlParameter { Value = deletes.Select(r => r.Key).ToArray() });
            batch.BatchCommands.Add(delete);
        }

        if (puts.Length > 0)
        {
            var upsert = new NpgsqlBatchCommand(
                $"INSERT INTO {_table} (parent_path, path, key, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[]) "
                + "ON CONFLICT (path, key) DO UPDATE SET value = excluded.value, parent_path = excluded.parent_path");
            upsert.Parameters.Add(new NpgsqlParameter { Value = puts.Select(p => p.Row.ParentPath).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = puts.Select(p => p.Row.Path).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = puts.Select(p => p.Row.Key).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = puts.Select(p => p.Value).ToArray() });
            batch.BatchCommands.Add(upsert);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        // The statement Vault's documentation gives for this backend, made idempotent.
        await using var command = _dataSource.CreateCommand(
            $"""
            CREATE TABLE IF NOT EXISTS {_table} (
              parent_path TEXT COLLATE "C" NOT NULL,
              path        TEXT COLLATE "C",
              key         TEXT COLLATE "C",
              value       BYTEA,
              PRIMARY KEY (path, key)
            );
            CREATE INDEX IF NOT EXISTS {IndexName()} ON {_table} (parent_path);
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string IndexName() => "\"" + _table.Replace("\"", "", StringComparison.Ordinal).Replace('.', '_') + "_parent_path_idx\"";

    /// <summary>The row of a key: <c>a/b/c</c> is path <c>/a/b/</c>, key <c>c</c>, parent path <c>/a/</c>.</summary>
    private static (string Path, string Key, string ParentPath) Split(string key)
    {
        var slash = key.LastIndexOf('/');
        var path = "/" + (slash < 0 ? "" : key[..(slash + 1)]);
        var parentSlash = path.Length > 1 ? path.LastIndexOf('/', path.Length - 2) : -1;
        return (path, key[(slash + 1)..], parentSlash < 0 ? "" : path[..(parentSlash + 1)]);
    }

    private static string QuoteTableName(string table)
    {
        var parts = table.Split('.');
        if (parts.Any(p => p.Length == 0 || p.Contains('"', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Invalid table name \"{table}\".", nameof(table));
        }

        return string.Join('.', parts.Select(p => "\"" + p + "\""));
    }
}
