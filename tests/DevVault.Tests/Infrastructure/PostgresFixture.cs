using VaultDemo.TestSupport;

namespace DevVault.Tests.Infrastructure;

/// <summary>A private PostgreSQL server (the repository's image under Aspire's DCP) shared by a test class.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>A Vault connection_url (URL form) for the superuser, with templated credentials.</summary>
    public string ConnectionUrl => Server.VaultConnectionUrl();
}
