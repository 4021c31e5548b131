using Npgsql;
using RabbitMQ.Client;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Hosting.Postgres;
using VaultDemo.Orchestrator.Hosting.RabbitMQ;
using VaultDemo.Orchestrator.Processes;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Tests.Hosting;

public sealed class InfrastructureResourceTests
{
    [Fact]
    public async Task PostgresWithADatabaseAndRabbitMqStartAsResourcesAndAreReachable()
    {
        var cancellationToken = TestTimeout.Token();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("postgres").AddDatabase("appdb");
        builder.AddRabbitMQ("messaging");
        await using var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);

        await Task.WhenAll(app.WaitForResourceHealthyAsync("appdb", cancellationToken), app.WaitForResourceHealthyAsync("messaging", cancellationToken));

        await using (var connection = new NpgsqlConnection(await app.GetConnectionStringAsync("appdb", cancellationToken)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.Equal("appdb", await command.ExecuteScalarAsync(cancellationToken));
        }

        var factory = new ConnectionFactory { Uri = new Uri((await app.GetConnectionStringAsync("messaging", cancellationToken))!) };
        await using (var connection = await factory.CreateConnectionAsync(cancellationToken))
        {
            Assert.True(connection.IsOpen);
        }

        var processes = new[] { "postgres", "messaging" }.SelectMany(n => ProcessTree.WithDescendants(app.ResourceNotifications.Current.Single(e => e.Resource.Name == n).Snapshot.ProcessId!.Value)).ToList();
        await app.StopAsync(cancellationToken);
        Assert.All(processes, pid => Assert.False(ProcessTree.IsAlive(pid), $"process {pid} outlived the stop"));
    }
}
