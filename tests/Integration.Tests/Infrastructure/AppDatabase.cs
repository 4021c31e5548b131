using Npgsql;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>What the services recorded, read as the superuser: the tests' window on work done, never the services' own path.</summary>
public static class AppDatabase
{
    public static async Task<T> ScalarAsync<T>(Topology topology, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await topology.OpenSuperuserConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task<List<T>> ColumnAsync<T>(Topology topology, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await topology.OpenSuperuserConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    /// <summary>The (path, version) pairs among <paramref name="paths"/> the reader has recorded as read.</summary>
    public static async Task<HashSet<string>> ReadVersionsAsync(Topology topology, IEnumerable<string> paths, CancellationToken cancellationToken) =>
        [.. await ColumnAsync<string>(topology, "SELECT path || '@' || version FROM app.secret_reads WHERE path = ANY(@paths)", cancellationToken, ("paths", paths.Distinct().ToArray()))];

    /// <summary>Rows any write of <paramref name="path"/> would have left: its record and its outbox event.</summary>
    public static Task<long> TracesOfWriteAsync(Topology topology, string path, CancellationToken cancellationToken) =>
        ScalarAsync<long>(topology, "SELECT (SELECT count(*) FROM app.secret_writes WHERE path = @path) + (SELECT count(*) FROM app.outbox WHERE payload->>'path' = @path)", cancellationToken, ("path", path));

    /// <summary>
    /// The database users with a session right now, by the group role they joined (app_writer, app_reader), and every
    /// other non-superuser login, so a test can see who the services really connect as.
    /// </summary>
    public static async Task<List<(string User, string Group)>> SessionsAsync(Topology topology, CancellationToken cancellationToken)
    {
        await using var connection = await topology.OpenSuperuserConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT DISTINCT a.usename, coalesce(g.rolname, '')
            FROM pg_stat_activity a
            JOIN pg_roles u ON u.rolname = a.usename
            LEFT JOIN pg_auth_members m ON m.member = u.oid
            LEFT JOIN pg_roles g ON g.oid = m.roleid AND g.rolname IN ('app_writer', 'app_reader')
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND NOT u.rolsuper AND a.usename <> 'vault_admin'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add((reader.GetString(0), reader.GetString(1)));
        }

        return sessions;
    }
}
