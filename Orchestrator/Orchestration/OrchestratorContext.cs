using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>What the orchestrator knows about this run: its directory, ledger, installer and options.</summary>
public sealed record OrchestratorContext(
    string RunId,
    string StateDirectory,
    ProcessLedger Ledger,
    PackageInstaller Installer,
    DistributedApplicationOptions Options);

/// <summary>
/// The AppHost's own web host, where the dashboard and the OTLP receiver live. Its URL is known once the
/// server has started (port 0 in tests).
/// </summary>
public sealed class DashboardEndpoint
{
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The URL, e.g. http://127.0.0.1:18888; throws before the server has started.</summary>
    public string Url => _url.Task.IsCompletedSuccessfully ? _url.Task.Result : throw new InvalidOperationException("The AppHost's web host has not started yet.");

    public Task<string> WhenStarted => _url.Task;

    internal void Started(string url) => _url.TrySetResult(url);
}
