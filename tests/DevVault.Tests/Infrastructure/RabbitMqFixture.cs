using VaultDemo.TestSupport;

namespace DevVault.Tests.Infrastructure;

/// <summary>
/// A private RabbitMQ broker with the management plugin (the repository's image under Aspire's DCP), shared by a
/// test class. The tests use only the four properties below.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private RabbitMQServer? _server;

    /// <summary>The management HTTP API, e.g. <c>http://localhost:15672</c>.</summary>
    public Uri ManagementUri => Server.ManagementUri;

    public string AdminUser => RabbitMQServer.AdminUser;

    public string AdminPassword => Server.AdminPassword;

    /// <summary>AMQP without credentials, e.g. <c>amqp://localhost:5672</c> (credentials are passed separately).</summary>
    public Uri AmqpUri => Server.AmqpUri;

    private RabbitMQServer Server => _server ?? throw new InvalidOperationException("The broker has not started.");

    public async Task InitializeAsync() => _server = await RabbitMQServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
