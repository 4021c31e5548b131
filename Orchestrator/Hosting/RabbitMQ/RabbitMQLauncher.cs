using VaultDemo.Orchestrator.Orchestration;

namespace VaultDemo.Orchestrator.Hosting.RabbitMQ;

/// <summary>Runs the broker with <see cref="RabbitMqProcess"/> on the endpoint's allocated port.</summary>
internal sealed class RabbitMQLauncher(RabbitMQServerResource broker) : ResourceLauncher
{
    public override async Task<RunningResource> LaunchAsync(LaunchContext context, CancellationToken cancellationToken)
    {
        var rabbit = await RabbitMqProcess.StartAsync(
            new RabbitMqProcessOptions
            {
                StateDirectory = context.StateDirectory,
                Port = broker.Endpoint.AllocatedPort!.Value,
                UserName = broker.UserName,
                Password = broker.Password.Value,
                Output = context.Output,
                Ledger = context.Ledger,
                Installer = context.Installer,
            },
            cancellationToken).ConfigureAwait(false);
        return new ServerRun(rabbit.Process, rabbit.StopAsync);
    }
}
