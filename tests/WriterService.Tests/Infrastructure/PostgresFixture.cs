using Npgsql;
using VaultDemo.TestSupport;

namespace VaultDemo.WriterService.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server (the repository's image under Aspire's DCP). The only file of these tests that knows
/// how PostgreSQL is started: everything else uses the properties below.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    private PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not started.");

    public string Host => Server.Host;

    public int Port => Server.Port;

    public string Password => Server.Password;

    /// <summary>The superuser's connection string to the database the tests use.</summary>
    public string ConnectionString => Server.ConnectionString;

    public string Database => new NpgsqlConnectionStringBuilder(ConnectionString).Database ?? "postgres";

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
