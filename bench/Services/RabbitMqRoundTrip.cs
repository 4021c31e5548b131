using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace VaultDemo.Bench.Services;

/// <summary>
/// The baseline of the write-to-read latency: one message published to the same broker and consumed, with
/// nothing around it. A private, server-named queue on the default exchange; a publishing channel and a
/// consuming channel, as the writer and the reader each have their own.
/// </summary>
internal sealed class RabbitMqRoundTrip : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly IChannel _consumer;
    private readonly string _queue;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    private RabbitMqRoundTrip(IConnection connection, IChannel publisher, IChannel consumer, string queue)
    {
        _connection = connection;
        _publisher = publisher;
        _consumer = consumer;
        _queue = queue;
    }

    public static async Task<RabbitMqRoundTrip> StartAsync(string amqpUri, CancellationToken cancellationToken)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync(cancellationToken);
        var publisher = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var consumer = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = await consumer.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
        var roundTrip = new RabbitMqRoundTrip(connection, publisher, consumer, queue.QueueName);
        var subscription = new AsyncEventingBasicConsumer(consumer);
        subscription.ReceivedAsync += (_, delivery) =>
        {
            if (delivery.BasicProperties.MessageId is { } id && roundTrip._waiting.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await consumer.BasicConsumeAsync(queue.QueueName, autoAck: true, subscription, cancellationToken);
        return roundTrip;
    }

    /// <summary>Publishes <paramref name="body"/> and completes when the consumer has received it.</summary>
    public async Task SendAndReceiveAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = received;
        await _publisher.BasicPublishAsync("", _queue, mandatory: false, new BasicProperties { MessageId = id, ContentType = "application/json" }, body, cancellationToken);
        await received.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _consumer.DisposeAsync();
        await _publisher.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
