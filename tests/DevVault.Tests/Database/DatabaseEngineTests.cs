using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace DevVault.Tests.Database;

/// <summary>The database engine against a real PostgreSQL: users are really created, renewed, revoked and rotated.</summary>
public sealed class DatabaseEngineTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string Creation = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private DevVault.Hosting.DevVaultServer _server = null!;
    private HttpClient _http = null!;
    private VaultHttp _vault = null!;
    private string _admin = "";
    private string _adminPassword = "";

    public async Task InitializeAsync()
    {
        (_server, _http, _vault) = await DevVaultFixture.StartAsync(_clock);
        (await _vault.PostAsync("sys/mounts/database", new { type = "database" })).Expect(204);

        // A dedicated admin per test, so rotate-root in one test cannot lock out another.
        _admin = "vault_admin_" + Guid.NewGuid().ToString("N")[..8];
        _adminPassword = "pw-" + Guid.NewGuid().ToString("N");
        await SuperuserAsync($"CREATE ROLE \"{_admin}\" WITH LOGIN CREATEROLE PASSWORD '{_adminPassword}'");
        // Ending another role's sessions needs pg_signal_backend, as the services' Vault admin gets it.
        await SuperuserAsync($"GRANT pg_signal_backend TO \"{_admin}\"");
        (await _vault.PostAsync("database/config/pg", new
        {
            plugin_name = "postgresql-database-plugin",
            connection_url = postgres.ConnectionUrl,
            username = _admin,
            password = _adminPassword,
            allowed_roles = "app,terminating,static-*",
        })).Expect(204);
        (await _vault.PostAsync("database/roles/app", new { db_name = "pg", creation_statements = Creation, default_ttl = "1h", max_ttl = "2h" })).Expect(204);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task SuperuserAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T?> ScalarAsync<T>(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }

    private Task<bool> UserExistsAsync(string username) =>
        ScalarAsync<bool>("SELECT exists (SELECT 1 FROM pg_roles WHERE rolname = $1)", username);

    private string ConnectionStringFor(string username, string password) =>
        new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Username = username, Password = password, Pooling = false }.ConnectionString;

    private async Task<(string Username, string Password, string LeaseId)> CredentialsAsync(string role = "app", string? token = null)
    {
        var reply = (await _vault.GetAsync($"database/creds/{role}", token)).Expect(200);
        return (reply.Data!["username"]!.GetValue<string>(), reply.Data!["password"]!.GetValue<string>(), reply.Json!["lease_id"]!.GetValue<string>());
    }

    private static async Task<bool> CanLogInAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }


    [Fact]
    public async Task IssuedCredentialsLogInWithVaultsUsernameShape()
    {
        var (username, password, leaseId) = await CredentialsAsync();

        Assert.Matches("^v-root-app-[A-Za-z0-9]{20}-[0-9]+$", username);
        Assert.True(username.Length <= 63);
        Assert.StartsWith("database/creds/app/", leaseId);
        Assert.True(await CanLogInAsync(ConnectionStringFor(username, password)));
    }

    [Fact]
    public async Task RenewalExtendsValidUntil()
    {
        var (username, _, leaseId) = await CredentialsAsync();
        var before = await ScalarAsync<DateTime>("SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1", username);

        _clock.Advance(TimeSpan.FromMinutes(30));
        (await _vault.PostAsync("sys/leases/renew", new { lease_id = leaseId, increment = "1h" })).Expect(200);

        var after = await ScalarAsync<DateTime>("SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1", username);
        Assert.True(after > before, $"VALID UNTIL should move forward: {before:o} -> {after:o}");
    }

    [Fact]
    public async Task RevokingTheLeaseDropsTheUser()
    {
        var (username, _, leaseId) = await CredentialsAsync();
        (await _vault.PostAsync("sys/leases/revoke", new { lease_id = leaseId, sync = true })).Expect(204);
        Assert.False(await UserExistsAsync(username));
    }

    [Fact]
    public async Task AnExpiredLeaseDropsTheUser()
    {
        var (username, _, _) = await CredentialsAsync();
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(async () => !await UserExistsAsync(username), $"user {username} to be dropped at lease expiry");
    }

    [Fact]
    public async Task RevokingTheTokenRevokesItsCredentials()
    {
        var token = (await _vault.PostAsync("auth/token/create", new { ttl = "1h" })).Expect(200).Auth!["client_token"]!.GetValue<string>();
        var (username, _, _) = await CredentialsAsync(token: token);

        (await _vault.PostAsync("auth/token/revoke", new { token })).Expect(204);

        await Poll.UntilAsync(async () => !await UserExistsAsync(username), $"user {username} to be dropped with its token");
    }

    [Fact]
    public async Task CustomRevocationStatementsCanEndOpenSessions()
    {
        (await _vault.PostAsync("database/roles/terminating", new
        {
            db_name = "pg",
            creation_statements = Creation,
            revocation_statements = new[] { "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}';", "DROP ROLE IF EXISTS \"{{name}}\";" },
        })).Expect(204);
        var (username, password, leaseId) = await CredentialsAsync("terminating");
        await using var session = new NpgsqlConnection(ConnectionStringFor(username, password));
        await session.OpenAsync();

        (await _vault.PostAsync("sys/leases/revoke", new { lease_id = leaseId, sync = true })).Expect(204);

        Assert.False(await UserExistsAsync(username));
        await using var command = new NpgsqlCommand("SELECT 1", session);
        await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RotateRootLocksOutTheOldPassword()
    {
        (await _vault.PostAsync("database/rotate-root/pg", new { })).Expect(204);

        Assert.False(await CanLogInAsync(ConnectionStringFor(_admin, _adminPassword)));
        var (username, password, _) = await CredentialsAsync();
        Assert.True(await CanLogInAsync(ConnectionStringFor(username, password)));
    }

    [Fact]
    public async Task StaticRolesRotateOnDemandAndOnSchedule()
    {
        var user = "static_" + Guid.NewGuid().ToString("N")[..8];
        await SuperuserAsync($"CREATE ROLE \"{user}\" WITH LOGIN PASSWORD 'initial'");
        (await _vault.PostAsync("database/static-roles/static-a", new { db_name = "pg", username = user, rotation_period = "1h" })).Expect(204);

        var first = (await _vault.GetAsync("database/static-creds/static-a")).Expect(200).Data!;
        Assert.False(await CanLogInAsync(ConnectionStringFor(user, "initial")));
        var firstPassword = first["password"]!.GetValue<string>();
        Assert.True(await CanLogInAsync(ConnectionStringFor(user, firstPassword)));

        (await _vault.PostAsync("database/rotate-role/static-a", new { })).Expect(204);
        var second = (await _vault.GetAsync("database/static-creds/static-a")).Expect(200).Data!["password"]!.GetValue<string>();
        Assert.NotEqual(firstPassword, second);
        Assert.False(await CanLogInAsync(ConnectionStringFor(user, firstPassword)));

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(
            async () => (await _vault.GetAsync("database/static-creds/static-a")).Data!["password"]!.GetValue<string>() != second,
            "the scheduled rotation");
    }

    [Fact]
    public async Task ConfigNeverReturnsThePassword()
    {
        var reply = (await _vault.GetAsync("database/config/pg")).Expect(200);
        Assert.DoesNotContain(_adminPassword, reply.Body);
        Assert.Equal(_admin, reply.Data!["connection_details"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnreachableDatabaseIsRejectedWithTheDriversReason()
    {
        var reply = (await _vault.PostAsync("database/config/broken", new
        {
            plugin_name = "postgresql-database-plugin",
            connection_url = "postgresql://{{username}}:{{password}}@127.0.0.1:1/postgres",
            username = "x",
            password = "y",
        })).Expect(400);
        Assert.StartsWith("error creating database object", reply.Errors[0]);
        (await _vault.GetAsync("database/config/broken")).Expect(400);
    }

    [Fact]
    public async Task AnUnsupportedUsernameTemplateIsRefusedRatherThanIgnored()
    {
        var reply = (await _vault.PostAsync("database/config/templated", new
        {
            plugin_name = "postgresql-database-plugin",
            connection_url = postgres.ConnectionUrl,
            username = _admin,
            password = _adminPassword,
            username_template = "{{.RoleName}}-{{random 8}}",
        })).Expect(400);
        Assert.StartsWith("username_template is not supported", reply.Errors[0]);
        (await _vault.GetAsync("database/config/templated")).Expect(400);
    }

    [Fact]
    public async Task RolesOutsideAllowedRolesGetNoCredentials()
    {
        (await _vault.PostAsync("database/roles/forbidden", new { db_name = "pg", creation_statements = Creation })).Expect(204);
        var reply = (await _vault.GetAsync("database/creds/forbidden")).Expect(400);
        Assert.Equal("\"forbidden\" is not an allowed role", reply.Errors[0]);
    }

    [Fact]
    public async Task AFailingCreationStatementIsAVaultErrorAndCreatesNothing()
    {
        var before = await ScalarAsync<long>("SELECT count(*) FROM pg_roles WHERE rolname LIKE $1", "v-root-app-%");
        (await _vault.PostAsync("database/roles/app", new { db_name = "pg", creation_statements = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}'; GRANT no_such_role TO \"{{name}}\";" })).Expect(204);
        var reply = (await _vault.GetAsync("database/creds/app")).Expect(400);
        Assert.StartsWith("error executing statement", reply.Errors[0]);
        Assert.Equal(before, await ScalarAsync<long>("SELECT count(*) FROM pg_roles WHERE rolname LIKE $1", "v-root-app-%"));
    }
}
