using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>A running local server (PostgreSQL, RabbitMQ): its main process, and the server's own way to stop cleanly.</summary>
internal sealed class ServerRun(SupervisedProcess process, Func<CancellationToken, Task> stop) : RunningResource
{
    public override int? ProcessId => process.Id;

    public override Task<int> Completion => process.Exited;

    public override Task StopAsync(CancellationToken cancellationToken) => stop(cancellationToken);
}
