using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Hosting.RabbitMQ;

/// <summary>How to run a private RabbitMQ broker.</summary>
public sealed record RabbitMqProcessOptions
{
    /// <summary>A directory of its own: database, logs, configuration and the Erlang cookie go inside.</summary>
    public required string StateDirectory { get; init; }

    public string UserName { get; init; } = "vaultdemo";

    public required string Password { get; init; }

    /// <summary>The AMQP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    public Action<ConsoleLogLine>? Output { get; init; }

    public ProcessLedger? Ledger { get; init; }

    /// <summary>Installs Debian's rabbitmq-server package when missing; defaults to apt-get when root.</summary>
    public PackageInstaller? Installer { get; init; }

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
