using VaultDemo.Orchestrator.Hosting.Postgres;

namespace DevVault.Tests.Infrastructure;

/// <summary>A private PostgreSQL server (Debian's binaries, a temporary data directory, a free loopback port) shared by a test class.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devvault-pg-" + Guid.NewGuid().ToString("N"));

    public PostgresProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Server = await PostgresProcess.StartAsync(_directory, port: 0, password: "pg-" + Guid.NewGuid().ToString("N"), timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>A Vault connection_url (URL form) for the superuser, with templated credentials.</summary>
    public string ConnectionUrl => $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{Server.Port}/postgres?sslmode=disable";
}
