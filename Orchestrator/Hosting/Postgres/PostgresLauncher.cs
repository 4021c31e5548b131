using VaultDemo.Orchestrator.Orchestration;

namespace VaultDemo.Orchestrator.Hosting.Postgres;

/// <summary>Runs the server with <see cref="PostgresProcess"/> on the endpoint's allocated port.</summary>
internal sealed class PostgresLauncher(PostgresServerResource server) : ResourceLauncher
{
    public override async Task<RunningResource> LaunchAsync(LaunchContext context, CancellationToken cancellationToken)
    {
        var postgres = await PostgresProcess.StartAsync(
            new PostgresProcessOptions
            {
                StateDirectory = context.StateDirectory,
                Port = server.Endpoint.AllocatedPort!.Value,
                Password = server.Password.Value,
                Output = context.Output,
                Ledger = context.Ledger,
                Installer = context.Installer,
            },
            cancellationToken).ConfigureAwait(false);
        return new ServerRun(postgres.Process, postgres.StopAsync);
    }
}

/// <summary>Creates the database (unless it exists) once its server is healthy; nothing runs afterwards.</summary>
internal sealed class PostgresDatabaseLauncher(PostgresDatabaseResource database) : ResourceLauncher
{
    public override async Task<RunningResource> LaunchAsync(LaunchContext context, CancellationToken cancellationToken)
    {
        var server = await database.Server.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Server '{database.Server.Name}' has no connection string.");
        await PostgresDatabases.CreateIfMissingAsync(server, database.DatabaseName, cancellationToken).ConfigureAwait(false);
        return new Created();
    }

    private sealed class Created : RunningResource
    {
        private readonly TaskCompletionSource<int> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override int? ProcessId => null;

        public override Task<int> Completion => _stopped.Task;

        public override Task StopAsync(CancellationToken cancellationToken)
        {
            _stopped.TrySetResult(0);
            return Task.CompletedTask;
        }
    }
}
