using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using VaultDemo.Hosting.Containers;

namespace VaultDemo.TestSupport;

/// <summary>
/// A private PostgreSQL server (the repository's image, run by Aspire's DCP, a port of its own on loopback) for tests
/// of code that talks to PostgreSQL directly: DevVault's database engine and storage, VaultClient's data source.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string SuperUser = "postgres";
    private const string ResourceName = "postgres";

    private readonly DistributedApplication _app;
    private readonly NpgsqlConnectionStringBuilder _connection;

    private PostgresServer(DistributedApplication app, string connectionString)
    {
        _app = app;
        _connection = new NpgsqlConnectionStringBuilder(connectionString);
    }

    public string Host => _connection.Host!;

    public int Port => _connection.Port;

    public string Password => _connection.Password!;

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var password = "pg-" + Guid.NewGuid().ToString("N");
        var app = await ContainerApp.StartAsync(
            builder =>
            {
                builder.Configuration[$"Parameters:{ResourceName}-password"] = password;
                builder.AddPostgres(ResourceName, password: builder.AddParameter($"{ResourceName}-password", secret: true))
                    .WithContainerfile(RepositoryPaths.Containerfile("postgres"))
#pragma warning disable ASPIREPROXYENDPOINTS001
                    .WithEndpointProxySupport(false);
#pragma warning restore ASPIREPROXYENDPOINTS001
            },
            ResourceName,
            cancellationToken);
        var connectionString = await app.GetConnectionStringAsync(ResourceName, cancellationToken)
            ?? throw new InvalidOperationException("PostgreSQL has no connection string.");
        return new PostgresServer(app, connectionString);
    }

    /// <summary>A superuser connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString => GetConnectionString();

    /// <summary>A superuser connection string to <paramref name="database"/>.</summary>
    public string GetConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder(_connection.ConnectionString) { Database = database }.ConnectionString;

    public async Task CreateDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A Vault <c>connection_url</c> for this server, with the templated credentials Vault fills in.</summary>
    public string VaultConnectionUrl(string database = "postgres") =>
        $"postgresql://{{{{username}}}}:{{{{password}}}}@{Host}:{Port}/{database}?sslmode=disable";

    /// <summary>
    /// A superuser URL to <paramref name="database"/> in the form Vault's <c>connection_url</c> takes, for a DevVault
    /// that keeps its own storage there (<c>storage "postgresql"</c>).
    /// </summary>
    public string SuperUserUrl(string database) =>
        $"postgresql://{SuperUser}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/{database}?sslmode=disable";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
