using Npgsql;
using VaultDemo.Orchestrator.Hosting.Postgres;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Tests.Hosting;

public sealed class PostgresProcessTests
{
    [Fact]
    public async Task PostgresStartsOnLoopbackAndAnswersWithThePassword()
    {
        var cancellationToken = TestTimeout.Token();
        using var directory = new TemporaryDirectory();
        await using var postgres = await PostgresProcess.StartAsync(directory.Path, port: 0, password: "test-password-1", cancellationToken);

        await postgres.CreateDatabaseAsync("appdb", cancellationToken);
        await using var connection = new NpgsqlConnection(postgres.GetConnectionString("appdb"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_database() || ' ' || inet_server_addr()::text", connection);

        Assert.Equal("appdb 127.0.0.1/32", await command.ExecuteScalarAsync(cancellationToken));
    }

    [Fact]
    public async Task PostgresRejectsAWrongPassword()
    {
        var cancellationToken = TestTimeout.Token();
        using var directory = new TemporaryDirectory();
        await using var postgres = await PostgresProcess.StartAsync(directory.Path, port: 0, password: "right-password", cancellationToken);

        var wrong = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = "wrong-password", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(wrong);

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(cancellationToken));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public async Task DisposingPostgresLeavesNoProcessBehind()
    {
        var cancellationToken = TestTimeout.Token();
        using var directory = new TemporaryDirectory();
        var postgres = await PostgresProcess.StartAsync(directory.Path, port: 0, password: "test-password-2", cancellationToken);
        var tree = ProcessTree.WithDescendants(postgres.Process.Id);
        Assert.True(tree.Count > 1, "expected the server and its background workers");

        await postgres.DisposeAsync();

        Assert.All(tree, pid => Assert.False(ProcessTree.IsAlive(pid), $"process {pid} of the PostgreSQL tree is still alive"));
    }
}
