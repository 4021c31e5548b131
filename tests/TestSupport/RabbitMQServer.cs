using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using VaultDemo.Hosting.Containers;

namespace VaultDemo.TestSupport;

/// <summary>
/// A private RabbitMQ broker with the management plugin (the repository's image, run by Aspire's DCP) for tests of
/// code that manages broker users, such as DevVault's RabbitMQ secrets engine.
/// </summary>
public sealed class RabbitMQServer : IAsyncDisposable
{
    public const string AdminUser = "guest";
    private const string ResourceName = "messaging";

    private readonly DistributedApplication _app;

    private RabbitMQServer(DistributedApplication app, string password, Uri amqp, Uri management)
    {
        _app = app;
        AdminPassword = password;
        AmqpUri = amqp;
        ManagementUri = management;
    }

    public string AdminPassword { get; }

    /// <summary><c>amqp://host:port</c>, without credentials.</summary>
    public Uri AmqpUri { get; }

    /// <summary>The management HTTP API's base address (<c>http://host:port</c>).</summary>
    public Uri ManagementUri { get; }

    public static async Task<RabbitMQServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var password = "mq-" + Guid.NewGuid().ToString("N");
        IResourceBuilder<RabbitMQServerResource>? broker = null;
        var app = await ContainerApp.StartAsync(
            builder =>
            {
                builder.Configuration[$"Parameters:{ResourceName}-password"] = password;
                broker = builder.AddRabbitMQ(ResourceName, password: builder.AddParameter($"{ResourceName}-password", secret: true))
                    .WithManagementPlugin()
                    .WithContainerfile(RepositoryPaths.Containerfile("rabbitmq"));
            },
            ResourceName,
            cancellationToken);
        var amqp = broker!.Resource.PrimaryEndpoint;
        var management = broker.Resource.GetEndpoint("management");
        return new RabbitMQServer(app, password, new Uri($"amqp://{amqp.Host}:{amqp.Port}"), new Uri($"http://{management.Host}:{management.Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
