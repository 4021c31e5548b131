using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using VaultDemo.TestSupport;

namespace DevVault.Tests.Server;

/// <summary>The restart scenario on <c>storage "postgresql"</c> (a real PostgreSQL), scanning every row of its table.</summary>
public sealed class PostgreSqlStorageRestartTests(PostgresFixture postgres) : RestartTests, IClassFixture<PostgresFixture>
{
    // A table of its own per test, so the scenarios never see each other's data.
    private readonly string _table = "vault_kv_store_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task DatabaseTimersThatFellDueWhileDownRunAtUnseal()
    {
        var stanza = await NewStorageStanzaAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var staticUser = "static_" + Guid.NewGuid().ToString("N")[..8];
        string username, password, staticPassword;
        IReadOnlyList<string> keys;
        string rootToken;
        await using (var first = await StartAsync(stanza, clock))
        {
            (keys, rootToken) = await first.InitializeAsync(1, 1);
            await first.UnsealAsync(keys);
            var admin = first.As(rootToken);
            (await admin.PostAsync("sys/mounts/database", new { type = "database" })).Expect(204);
            (await admin.PostAsync("database/config/pg", new
            {
                plugin_name = "postgresql-database-plugin",
                connection_url = postgres.ConnectionUrl,
                username = PostgresServer.SuperUser,
                password = postgres.Server.Password,
                allowed_roles = "app,static",
            })).Expect(204);
            (await admin.PostAsync("database/roles/app", new
            {
                db_name = "pg",
                creation_statements = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
                default_ttl = "1m",
            })).Expect(204);
            var creds = (await admin.GetAsync("database/creds/app")).Expect(200).Data!;
            (username, password) = (creds["username"]!.GetValue<string>(), creds["password"]!.GetValue<string>());
            Assert.True(await UserExistsAsync(username));

            await ExecuteAsync($"CREATE ROLE \"{staticUser}\" WITH LOGIN PASSWORD 'initial'");
            (await admin.PostAsync("database/static-roles/static", new { db_name = "pg", username = staticUser, rotation_period = "1m" })).Expect(204);
            staticPassword = (await admin.GetAsync("database/static-creds/static")).Expect(200).Data!["password"]!.GetValue<string>();
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        await using var second = await StartAsync(stanza, clock);
        await second.UnsealAsync(keys);

        // The dynamic user's lease ended while the server was down: dropped. The static role's rotation was due: rotated.
        await Poll.UntilAsync(async () => !await UserExistsAsync(username), "the expired lease's database user to be dropped");
        var root = second.As(rootToken);
        string rotated = staticPassword;
        await Poll.UntilAsync(
            async () => (rotated = (await root.GetAsync("database/static-creds/static")).Expect(200).Data!["password"]!.GetValue<string>()) != staticPassword,
            "the overdue static role to rotate");

        var raw = System.Text.Encoding.UTF8.GetString(await ReadRawStorageAsync());
        // Assert.False, not DoesNotContain, whose failure message would print the secret and the whole table.
        Assert.False(raw.Contains(password, StringComparison.Ordinal), "the database password is stored in the clear");
        Assert.False(raw.Contains(rotated, StringComparison.Ordinal), "the rotated password is stored in the clear");
        Assert.False(raw.Contains(postgres.Server.Password, StringComparison.Ordinal), "PostgreSQL's own password is stored in the clear");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> UserExistsAsync(string username)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT exists (SELECT 1 FROM pg_roles WHERE rolname = $1)", connection);
        command.Parameters.AddWithValue(username);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

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
