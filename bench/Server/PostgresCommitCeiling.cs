using Npgsql;

namespace VaultDemo.Bench.Server;

/// <summary>
/// What PostgreSQL alone commits on this machine: one-row upserts into a table of the storage's layout, each its own
/// transaction, as a KV write is. No server in between can write faster than this, so it bounds the write ratio
/// any storage layer on top of it can reach.
/// </summary>
internal sealed class PostgresCommitCeiling : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly byte[] _value;
    private readonly int _keys;
    private int _next;

    private PostgresCommitCeiling(NpgsqlDataSource dataSource, int valueBytes, int keys)
    {
        _dataSource = dataSource;
        _value = new byte[valueBytes];
        Random.Shared.NextBytes(_value);
        _keys = keys;
    }

    public static async Task<PostgresCommitCeiling> CreateAsync(string connectionString, int valueBytes, int keys, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var create = dataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS bench_commit_ceiling (path text PRIMARY KEY, value bytea NOT NULL)");
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new PostgresCommitCeiling(dataSource, valueBytes, keys);
    }

    public async Task<string> CommitOneAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO bench_commit_ceiling (path, value) VALUES ($1, $2) ON CONFLICT (path) DO UPDATE SET value = EXCLUDED.value");
        command.Parameters.Add(new NpgsqlParameter { Value = $"bench/{(uint)Interlocked.Increment(ref _next) % _keys}" });
        command.Parameters.Add(new NpgsqlParameter { Value = _value });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return "";
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
