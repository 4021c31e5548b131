using Aspire.Hosting.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using VaultDemo.Integration.Tests.Infrastructure;
using VaultDemo.VaultClient.RabbitMq;

namespace VaultDemo.Integration.Tests.LeastPrivilege;

/// <summary>
/// The broker users Vault creates for the services carry only their role's permissions (VaultBootstrapper/Broker/), and
/// the broker itself refuses the rest: the writer's user cannot consume the reader's queue or declare one of its own,
/// and the reader's user cannot publish the events it consumes, so it cannot forge one.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class BrokerPermissionTests(SharedTopology shared)
{
    private const ushort AccessRefused = 403;
    private const string ReaderQueue = "reader-secret-versions";
    private const string EventExchange = "VaultDemo.Contracts:SecretVersionWritten";

    [Fact]
    public async Task TheWritersBrokerUserCannotConsumeTheReadersQueue()
    {
        var cancellationToken = TestTimeout.Token();
        await using var connection = await ConnectAsAsync(Topology.Writer, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);

        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => channel.BasicGetAsync(ReaderQueue, autoAck: false, cancellationToken));

        Assert.Equal(AccessRefused, refused.ShutdownReason?.ReplyCode ?? 0);
    }

    [Fact]
    public async Task TheWritersBrokerUserCannotDeclareAQueue()
    {
        var cancellationToken = TestTimeout.Token();
        await using var connection = await ConnectAsAsync(Topology.Writer, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);

        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => channel.QueueDeclareAsync($"writer-tap-{Guid.NewGuid():N}", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken));

        Assert.Equal(AccessRefused, refused.ShutdownReason?.ReplyCode ?? 0);
    }

    [Fact]
    public async Task TheReadersBrokerUserCanReadItsQueueButCannotPublishEvents()
    {
        var cancellationToken = TestTimeout.Token();
        await using var connection = await ConnectAsAsync(Topology.Reader, cancellationToken);

        // Its own queue it may read (the grant, so the refusal below is about publishing, not about this user).
        await using (var reading = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            var message = await reading.BasicGetAsync(ReaderQueue, autoAck: false, cancellationToken);
            if (message is not null)
            {
                await reading.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true, cancellationToken);
            }
        }

        // With publisher confirms, a refused publish fails the call instead of closing the channel in the background.
        await using var publishing = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await publishing.BasicPublishAsync(EventExchange, routingKey: "", mandatory: false, new BasicProperties(), "{\"forged\":true}"u8.ToArray(), cancellationToken));

        Assert.Equal(AccessRefused, publishing.CloseReason?.ReplyCode ?? 0);
        Assert.True(refused is OperationInterruptedException or AlreadyClosedException or PublishException, $"unexpected failure: {refused}");
    }

    /// <summary>Connects as a fresh user of <paramref name="role"/>, obtained from Vault as the service obtains its own.</summary>
    private async Task<IConnection> ConnectAsAsync(string role, CancellationToken cancellationToken)
    {
        var topology = shared.Topology;
        using var root = topology.RootClient();
        RabbitMqCredentials credentials = await root.RabbitMqAt().GetCredentialsAsync(role, cancellationToken);
        var broker = topology.App.GetEndpoint("messaging", "tcp");
        var factory = new ConnectionFactory
        {
            HostName = broker.Host,
            Port = broker.Port,
            UserName = credentials.Username,
            Password = credentials.Password,
        };
        return await factory.CreateConnectionAsync($"broker-permission-test-{role}", cancellationToken);
    }
}
