using DevVault.Tests.Infrastructure;
using Npgsql;

namespace DevVault.Tests.Server;

/// <summary>The restart scenario on <c>storage "postgresql"</c> (a real PostgreSQL), scanning every row of its table.</summary>
public sealed class PostgreSqlStorageRestartTests(PostgresFixture postgres) : RestartTests, IClassFixture<PostgresFixture>
{
    // A table of its own per test, so the scenarios never see each other's data.
    private readonly string _table = "vault_kv_store_" + Guid.NewGuid().ToString("N")[..12];

    protected override Task<string> NewStorageStanzaAsync()
    {
        var server = postgres.Server;
        var url = $"postgres://postgres:{Uri.EscapeDataString(server.Password)}@{server.Host}:{server.Port}/postgres?sslmode=disable";
        return Task.FromResult($$"""
            storage "postgresql" {
              connection_url = "{{url}}"
              table          = "{{_table}}"
              max_parallel   = "16"
            }
            """);
    }

    protected override async Task<byte[]> ReadRawStorageAsync()
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT parent_path, path, key, value FROM \"{_table}\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        using var all = new MemoryStream();
        while (await reader.ReadAsync())
        {
            all.Write(System.Text.Encoding.UTF8.GetBytes(reader.GetString(0) + reader.GetString(1) + reader.GetString(2)));
            all.Write((byte[])reader[3]);
        }

        Assert.True(all.Length > 0, "the table holds nothing");
        return all.ToArray();
    }
}
