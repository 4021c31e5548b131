using System.Text.Json.Nodes;
using Npgsql;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Bootstrapper;

/// <summary>
/// Vault's own database login, vault_admin, is the most powerful credential the services depend on: it must not be a
/// superuser, and after rotate-root only Vault may know its password, so neither the bootstrapper, the AppHost nor
/// anyone reading Vault's configuration can log in as it.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class VaultAdminTests(SharedTopology shared)
{
    [Fact]
    public async Task VaultAdminIsNotASuperuserAndOwnsNothing()
    {
        var cancellationToken = TestTimeout.Token();
        await using var database = await shared.Topology.OpenSuperuserConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT r.rolsuper, r.rolcreaterole, r.rolcanlogin,
                   (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) + (SELECT count(*) FROM pg_namespace n WHERE n.nspowner = r.oid)
            FROM pg_roles r WHERE r.rolname = 'vault_admin'
            """, database);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        Assert.True(await reader.ReadAsync(cancellationToken), "vault_admin does not exist");
        Assert.False(reader.GetBoolean(0), "vault_admin is a superuser");
        Assert.True(reader.GetBoolean(1), "vault_admin cannot create the dynamic users");
        Assert.True(reader.GetBoolean(2));
        Assert.Equal(0, reader.GetInt64(3));
    }

    [Fact]
    public async Task NobodyButVaultKnowsTheVaultAdminPassword()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        var server = new NpgsqlConnectionStringBuilder(topology.SuperuserConnectionString);
        // Every password a person or process in this system could have: none may be vault_admin's.
        string[] guesses = ["vault_admin", "postgres", "password", topology.PostgresPassword, topology.RootToken, topology.MessagingPassword];

        foreach (var guess in guesses)
        {
            var builder = new NpgsqlConnectionStringBuilder { Host = server.Host, Port = server.Port, Database = server.Database, Username = "vault_admin", Password = guess, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(cancellationToken));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }
    }

    [Fact]
    public async Task VaultNeverReturnsTheDatabasePassword()
    {
        using var vault = shared.Topology.RootHttp();

        var config = await vault.ReadDataAsync("database/config/appdb", TestTimeout.Token());

        Assert.Equal("vault_admin", config["connection_details"]?["username"]?.GetValue<string>());
        Assert.Empty(PasswordFields(config));
        // The URL is a template Vault fills in at connect time, never a stored credential.
        Assert.Contains("{{password}}", config["connection_details"]?["connection_url"]?.GetValue<string>());
    }

    private static IEnumerable<string> PasswordFields(JsonNode? node, string path = "") => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key.Contains("password", StringComparison.OrdinalIgnoreCase) && p.Key != "password_authentication" && p.Key != "password_policy"
            ? [$"{path}.{p.Key}"]
            : PasswordFields(p.Value, $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((item, i) => PasswordFields(item, $"{path}[{i}]")),
        _ => [],
    };
}
