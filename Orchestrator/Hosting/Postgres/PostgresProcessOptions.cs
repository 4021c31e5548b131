using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Hosting.Postgres;

/// <summary>How to run a private PostgreSQL server.</summary>
public sealed record PostgresProcessOptions
{
    /// <summary>A directory of its own: the data directory and the socket directory go inside.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The superuser's password, set by initdb.</summary>
    public required string Password { get; init; }

    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Receives the server's output; by default it is kept only for error messages.</summary>
    public Action<ConsoleLogLine>? Output { get; init; }

    public ProcessLedger? Ledger { get; init; }

    /// <summary>Installs Debian's postgresql package when missing; defaults to apt-get when root.</summary>
    public PackageInstaller? Installer { get; init; }

    /// <summary>How long to wait for the first successful query.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
