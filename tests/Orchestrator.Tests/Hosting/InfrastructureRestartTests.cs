using System.Net.Sockets;
using Npgsql;
using RabbitMQ.Client;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Hosting.Postgres;
using VaultDemo.Orchestrator.Hosting.RabbitMQ;
using VaultDemo.Orchestrator.Testing;
using VaultDemo.Orchestrator.Tests.Orchestration;

namespace VaultDemo.Orchestrator.Tests.Hosting;

/// <summary>The outage tests services need: a broker or a database goes away and comes back as it was.</summary>
public sealed class InfrastructureRestartTests
{
    [Fact]
    public async Task RabbitMqStoppedAndStartedComesBackOnTheSamePortWithItsDurableQueue()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRabbitMQ("messaging");
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForResourceHealthyAsync("messaging", cancellationToken);
        var connectionString = (await app.GetConnectionStringAsync("messaging", cancellationToken))!;
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using (var connection = await factory.CreateConnectionAsync(cancellationToken))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.QueueDeclareAsync("kept-across-restart", durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.BasicPublishAsync("", "kept-across-restart", mandatory: true, new BasicProperties { Persistent = true }, "persisted"u8.ToArray(), cancellationToken);
        }

        await app.StopResourceAsync("messaging", cancellationToken);

        Assert.Equal(ResourceState.Exited, app.Snapshot("messaging").State);
        Assert.False(await AcceptsConnectionsAsync(factory.Port, cancellationToken), $"port {factory.Port} still accepts connections after the stop");

        await app.StartResourceAsync("messaging", cancellationToken);
        await app.WaitForResourceHealthyAsync("messaging", cancellationToken);

        Assert.Equal(connectionString, await app.GetConnectionStringAsync("messaging", cancellationToken));
        await using (var connection = await factory.CreateConnectionAsync(cancellationToken))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            // Passive: throws if the queue did not survive.
            await channel.QueueDeclarePassiveAsync("kept-across-restart", cancellationToken);
            var message = await channel.BasicGetAsync("kept-across-restart", autoAck: true, cancellationToken);
            Assert.Equal("persisted", message is null ? null : System.Text.Encoding.UTF8.GetString(message.Body.Span));
        }
    }

    [Fact]
    public async Task PostgresStoppedAndStartedKeepsItsDataOnTheSamePort()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("postgres");
        await using var app = await builder.StartAsync(cancellationToken);
        await app.WaitForResourceHealthyAsync("postgres", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("postgres", cancellationToken)) { Pooling = false };
        await ExecuteAsync(connectionString.ConnectionString, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('persisted')", cancellationToken);

        await app.StopResourceAsync("postgres", cancellationToken);

        Assert.Equal(ResourceState.Exited, app.Snapshot("postgres").State);
        Assert.False(await AcceptsConnectionsAsync(connectionString.Port, cancellationToken), $"port {connectionString.Port} still accepts connections after the stop");

        await app.StartResourceAsync("postgres", cancellationToken);
        await app.WaitForResourceHealthyAsync("postgres", cancellationToken);

        Assert.Equal("persisted", await ExecuteAsync(connectionString.ConnectionString, "SELECT value FROM kept", cancellationToken));
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
