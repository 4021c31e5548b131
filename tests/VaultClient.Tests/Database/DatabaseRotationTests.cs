using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using VaultDemo.VaultClient.Auth;
using VaultDemo.TestSupport;
using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultClient.Database;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.Database;

/// <summary>
/// Dynamic credentials from DevVault's database engine on a private PostgreSQL, swapped under an open connection: the
/// renew and rotate schedule on a fake clock shared with DevVault, and once end to end in real time, outcomes only.
/// </summary>
public sealed class DatabaseRotationTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>, IAsyncLifetime
{
    private PostgresServer? _postgres;

    private PostgresServer Postgres => _postgres!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        await Postgres.CreateDatabaseAsync("app");
        await using var admin = NpgsqlDataSource.Create(Postgres.GetConnectionString("app"));
        await using var create = admin.CreateCommand("CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY); INSERT INTO items VALUES (1), (2), (3) ON CONFLICT DO NOTHING;");
        await create.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task QueriesNeverFailThroughCredentialRotationsAndATokenReloginAndRevokedUsersAreGone()
    {
        var role = await ConfigureDatabaseRoleAsync(vault.Root, defaultTtl: TimeSpan.FromSeconds(4), maxTtl: TimeSpan.FromSeconds(12));
        var appRole = await AppRoleSetup.CreateAsync(
            vault.Root,
            policy => new AppRoleDefinition { TokenPolicies = [policy], TokenTtl = TimeSpan.FromSeconds(6), TokenMaxTtl = TimeSpan.FromSeconds(24) },
            extraPolicy: $$"""
                path "database/creds/{{role}}" { capabilities = ["read"] }
                path "sys/leases/revoke" { capabilities = ["update"] }
                """);
        var secretId = await vault.Root.Admin.CreateSecretIdAsync(appRole.RoleName);
        using var client = vault.Server.CreateClient(new VaultClientOptions
        {
            Auth = new VaultAuthOptions { AppRole = new AppRoleAuthOptions { RoleId = appRole.RoleId, SecretId = secretId.SecretId } },
        });
        await using var dataSource = new VaultNpgsqlDataSource(client, new VaultNpgsqlDataSourceOptions { ConnectionString = DatabaseWithoutCredentials(), Role = role, RotationLeadTime = TimeSpan.FromSeconds(3) });
        using var stop = new CancellationTokenSource();
        var lifecycle = client.Token.RunAsync(stop.Token);
        var rotation = dataSource.RunAsync(stop.Token);
        var users = new ConcurrentDictionary<string, byte>();
        var failures = new ConcurrentQueue<Exception>();
        var queries = 0L;

        var workers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync();
                    await using var command = new NpgsqlCommand("SELECT current_user, count(*) FROM items", connection);
                    await using var reader = await command.ExecuteReaderAsync();
                    await reader.ReadAsync();
                    users.TryAdd(reader.GetString(0), 0);
                    Interlocked.Increment(ref queries);
                }
                catch (Exception e) when (e is NpgsqlException or VaultApiException or InvalidOperationException)
                {
                    failures.Enqueue(e);
                }
            }
        })).ToArray();

        await Poll.UntilAsync(
            // Four distinct users seen by queries, not just four fetched: a rotation right before the stop would
            // otherwise count a user no query ever ran as.
            () => (dataSource.Rotations >= 3 && client.Token.Generation >= 2 && users.Count >= 4) || !failures.IsEmpty,
            "three credential rotations, a token re-login and queries as four distinct users",
            TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        await Task.WhenAll(lifecycle, rotation);

        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref queries) > 0);
        Assert.True(users.Count >= 4, $"expected at least four distinct database users, saw {users.Count}");

        await dataSource.DisposeAsync();
        await Poll.UntilAsync(async () => await CountRolesAsync(users.Keys) == 0, "every Vault-issued database user to be dropped");
    }

    [Fact]
    public async Task TheLeaseIsRenewedUntilItsMaxTtlThenRotatedBeforeItAndTheOldUserIsDropped()
    {
        // The root token never expires: only the lease moves, on the clock DevVault keeps too.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestVault.StartAsync(time);
        using var root = server.CreateRootClient();
        var maxTtl = TimeSpan.FromMinutes(25);
        var role = await ConfigureDatabaseRoleAsync(root, defaultTtl: TimeSpan.FromMinutes(10), maxTtl);
        using var log = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Debug));
        using var client = server.CreateClient(new VaultClientOptions { AuthMethod = TokenAuthMethod.FromValue(server.RootToken) }, time);
        // A lead time of many clock steps, so the rotation's real work has several steps' time to finish before the max TTL.
        var options = new VaultNpgsqlDataSourceOptions { ConnectionString = DatabaseWithoutCredentials(), Role = role, RotationLeadTime = TimeSpan.FromMinutes(2) };
        await using var dataSource = new VaultNpgsqlDataSource(client, options, loggers.CreateLogger<VaultNpgsqlDataSource>());
        var first = await CurrentUserAsync(dataSource);
        using var stop = new CancellationTokenSource();
        var lifecycle = dataSource.RunAsync(stop.Token);

        // Past two-thirds of the TTL: renewed, same user.
        await LeaseClock.AdvanceUntilAsync(time, lifecycle, () => log.Entries.Any(e => e.Contains("LeaseRenewed", StringComparison.Ordinal)), maxTtl, "the first renewal", log);
        Assert.Equal(first, await CurrentUserAsync(dataSource));
        Assert.Equal(0, dataSource.Rotations);

        // Once a renewal comes back capped by the max TTL, new credentials replace the old ones before they expire.
        await LeaseClock.AdvanceUntilAsync(time, lifecycle, () => dataSource.Rotations == 1, maxTtl, "a rotation as the max TTL nears", log);
        Assert.True(time.GetUtcNow() - time.Start < maxTtl, "the credentials were rotated only after the old ones expired");
        var second = await CurrentUserAsync(dataSource);
        Assert.NotEqual(first, second);
        await Poll.UntilAsync(async () => await CountRolesAsync([first]) == 0, $"the replaced user {first} to be dropped");

        await stop.CancelAsync();
        await lifecycle;
    }

    [Fact]
    public async Task CredentialsAreTheirOwnPoolAndCallersSeeNoPassword()
    {
        var role = await ConfigureDatabaseRoleAsync(vault.Root, defaultTtl: TimeSpan.FromMinutes(5), maxTtl: TimeSpan.FromMinutes(10));
        using var client = vault.Server.CreateRootClient();
        await using var dataSource = new VaultNpgsqlDataSource(client, new VaultNpgsqlDataSourceOptions { ConnectionString = Postgres.GetConnectionString("app"), Role = role });

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        var user = (string)(await command.ExecuteScalarAsync())!;

        Assert.StartsWith("v-", user, StringComparison.Ordinal);
        Assert.Equal(user, dataSource.CurrentUsername);
        Assert.DoesNotContain("Password", dataSource.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PostgresServer.SuperUser, dataSource.ConnectionString, StringComparison.Ordinal);

        var previous = dataSource.CurrentUsername;
        await dataSource.RotateNowAsync();
        Assert.NotEqual(previous, dataSource.CurrentUsername);
        // The connection handed out before the swap keeps working, and its user is kept until it comes back.
        await using (var stillOpen = new NpgsqlCommand("SELECT count(*) FROM items", connection))
        {
            Assert.Equal(3L, await stillOpen.ExecuteScalarAsync());
        }

        Assert.Equal(1, await CountRolesAsync([previous!]));
        await connection.CloseAsync();
        await Poll.UntilAsync(async () => await CountRolesAsync([previous!]) == 0, "the replaced user to be dropped after its last connection closed");
    }

    [Fact]
    public async Task CredentialsRevokedBehindItsBackAreReplacedByTheNextOpen()
    {
        var role = await ConfigureDatabaseRoleAsync(vault.Root, defaultTtl: TimeSpan.FromMinutes(5), maxTtl: TimeSpan.FromMinutes(10));
        using var client = vault.Server.CreateRootClient();
        await using var dataSource = new VaultNpgsqlDataSource(client, new VaultNpgsqlDataSourceOptions { ConnectionString = DatabaseWithoutCredentials(), Role = role });
        await (await dataSource.OpenConnectionAsync()).DisposeAsync();
        var revokedUser = dataSource.CurrentUsername!;
        dataSource.Clear(); // no idle session survives, so the next open must authenticate

        // Someone else (an operator, a revoke-prefix) ends the lease: the user is dropped, the data source is not told.
        await vault.Root.Leases.RevokeAsync(dataSource.CurrentLeaseId!);
        Assert.Equal(0, await CountRolesAsync([revokedUser]));

        await using var second = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", second);

        Assert.NotEqual(revokedUser, (string)(await command.ExecuteScalarAsync())!);
        Assert.Equal(1, dataSource.Rotations);
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private async Task<string> ConfigureDatabaseRoleAsync(VaultClient root, TimeSpan defaultTtl, TimeSpan maxTtl)
    {
        await root.Admin.EnableSecretsEngineAsync("database", "database");
        var connection = DevVaultFixture.Unique("pg");
        var role = DevVaultFixture.Unique("reader");
        await root.Admin.WriteDatabaseConnectionAsync(connection, new DatabaseConnectionDefinition
        {
            ConnectionUrl = Postgres.VaultConnectionUrl("app"),
            Username = PostgresServer.SuperUser,
            Password = Postgres.Password,
            AllowedRoles = [role],
        });
        await root.Admin.WriteDatabaseRoleAsync(role, new DatabaseRoleDefinition
        {
            DbName = connection,
            CreationStatements = ["CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';", "GRANT SELECT ON items TO \"{{name}}\";"],
            DefaultTtl = defaultTtl,
            MaxTtl = maxTtl,
        });
        return role;
    }

    private static async Task<string> CurrentUserAsync(VaultNpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private string DatabaseWithoutCredentials() => new NpgsqlConnectionStringBuilder { Host = Postgres.Host, Port = Postgres.Port, Database = "app" }.ConnectionString;

    private async Task<long> CountRolesAsync(IEnumerable<string> users)
    {
        await using var admin = NpgsqlDataSource.Create(Postgres.GetConnectionString("app"));
        await using var command = admin.CreateCommand("SELECT count(*) FROM pg_roles WHERE rolname = ANY(@users)");
        command.Parameters.AddWithValue("users", users.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
