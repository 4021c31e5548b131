using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using VaultDemo.Orchestrator.Hosting.RabbitMQ;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Tests.Hosting;

public sealed class RabbitMqProcessTests
{
    [Fact]
    public async Task RabbitMqStartsAndCarriesAMessageForItsUser()
    {
        var cancellationToken = TestTimeout.Token();
        using var directory = new TemporaryDirectory();
        await using var rabbit = await RabbitMqProcess.StartAsync(directory.Path, port: 0, password: "rabbit-password-1", cancellationToken);

        var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = await channel.QueueDeclareAsync(cancellationToken: cancellationToken);
        await channel.BasicPublishAsync("", queue.QueueName, "hello"u8.ToArray(), cancellationToken);

        var received = await PollAsync(() => channel.BasicGetAsync(queue.QueueName, autoAck: true, cancellationToken), cancellationToken);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(received.Body.Span));
    }

    [Fact]
    public async Task RabbitMqRejectsAWrongPasswordAndLeavesNoProcessBehind()
    {
        var cancellationToken = TestTimeout.Token();
        using var directory = new TemporaryDirectory();
        var rabbit = await RabbitMqProcess.StartAsync(directory.Path, port: 0, password: "rabbit-password-2", cancellationToken);
        var tree = ProcessTree.WithDescendants(rabbit.Process.Id);

        var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString), Password = "wrong" };
        await Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync(cancellationToken));

        await rabbit.DisposeAsync();
        Assert.All(tree, pid => Assert.False(ProcessTree.IsAlive(pid), $"process {pid} of the RabbitMQ tree is still alive"));
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> attempt, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await attempt() is { } result)
            {
                return result;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
