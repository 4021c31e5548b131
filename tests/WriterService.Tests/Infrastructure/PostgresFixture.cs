using Npgsql;
using VaultDemo.Orchestrator.Hosting.Postgres;

namespace VaultDemo.WriterService.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server (Debian's binaries, a temporary data directory, a free loopback port). The only file of
/// these tests that knows how PostgreSQL is started: everything else uses the properties below.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "writer-tests-pg-" + Guid.NewGuid().ToString("N"));
    private PostgresProcess? _server;

    private PostgresProcess Server => _server ?? throw new InvalidOperationException("PostgreSQL is not started.");

    public string Host => Server.Host;

    public int Port => Server.Port;

    public string Password => Server.Password;

    /// <summary>The superuser's connection string to the database the tests use.</summary>
    public string ConnectionString => Server.ConnectionString;

    public string Database => new NpgsqlConnectionStringBuilder(ConnectionString).Database ?? "postgres";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _server = await PostgresProcess.StartAsync(_directory, port: 0, password: "pg-" + Guid.NewGuid().ToString("N"), timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
