using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.LeastPrivilege;

/// <summary>
/// Where each administrator secret is, read the way an attacker on this machine would read it: every running
/// resource's <c>/proc/&lt;pid&gt;/environ</c> (its whole process tree), each container's configuration as the runtime
/// reports it, the environment Aspire handed each resource (also what the dashboard shows), and every process's
/// command line. The placement is the README's ("Where the secrets are"): nothing reaches a service.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class SecretPlacementTests(SharedTopology shared)
{
    private const string Postgres = "postgres";
    private const string Messaging = "messaging";

    /// <summary>
    /// Each secret and the only resources allowed to hold it, the first of them certainly, with Vault in server mode
    /// (the shared topology's): Vault's process never sees the root token, which only init made and the AppHost keeps;
    /// it holds PostgreSQL's login instead, for its storage.
    /// </summary>
    private static IEnumerable<(string Name, string Value, string[] Holders)> Placement(Topology topology) =>
    [
        ("the root token", topology.RootToken, [Topology.Bootstrapper]),
        ("the PostgreSQL superuser password", topology.PostgresPassword, [Postgres, Topology.Bootstrapper, Topology.Vault]),
        ("the RabbitMQ administrator password", topology.MessagingPassword, [Messaging, Topology.Bootstrapper]),
    ];

    [Fact]
    public async Task EachAdministratorSecretIsOnlyWhereTheReadmeSays()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        var runtime = topology.App.Services.GetRequiredService<IConfiguration>()["ASPIRE_CONTAINER_RUNTIME"] ?? "podman";
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in new[] { Topology.Vault, Topology.Bootstrapper, Topology.Writer, Topology.Reader, Postgres, Messaging })
        {
            views[resource] = await EverythingKnownAboutAsync(topology, resource, runtime, cancellationToken);
        }

        // The views are real: the servers' own passwords are where they must be, or the scan would prove nothing.
        // (Assert.True, not Assert.Contains, whose failure message would print the secret and the whole view.)
        foreach (var (name, value, holders) in Placement(topology))
        {
            Assert.True(views[holders[0]].Contains(value, StringComparison.Ordinal), $"{name} is not in what is known about {holders[0]}: the scan sees nothing");
        }
        var misplaced =
            from secret in Placement(topology)
            from view in views
            where !secret.Holders.Contains(view.Key) && view.Value.Contains(secret.Value, StringComparison.Ordinal)
            select $"{secret.Name} in {view.Key}";
        Assert.Empty(misplaced);
    }

    [Fact]
    public void NoRunningProcessCarriesASecretInItsCommandLine()
    {
        var topology = shared.Topology;
        // The scan sees the topology's processes: DevVault's is among them.
        Assert.True(ProcessInspection.AllCommandLines().Any(p => p.CommandLine.Contains("DevVault", StringComparison.Ordinal)), "no DevVault among the command lines scanned");

        var exposed =
            from process in ProcessInspection.AllCommandLines()
            from secret in Placement(topology)
            where process.CommandLine.Contains(secret.Value, StringComparison.Ordinal)
            select $"{secret.Name} in the command line of pid {process.Pid}";
        Assert.Empty(exposed);
    }

    /// <summary>The environment Aspire gave the resource, plus its processes' environments and command lines, or its container's configuration.</summary>
    private static async Task<string> EverythingKnownAboutAsync(Topology topology, string resource, string runtime, CancellationToken cancellationToken)
    {
        Assert.True(topology.App.ResourceNotifications.TryGetCurrentState(resource, out var state), $"no snapshot of {resource}");
        var view = string.Join('\n', state.Snapshot.EnvironmentVariables.Select(v => $"{v.Name}={v.Value}"));
        if (ProcessInspection.ProcessIdOf(topology, resource) is { } pid && resource != Topology.Bootstrapper)
        {
            var processes = ProcessInspection.Tree(pid);
            Assert.True(processes.Any(p => ProcessInspection.Environment(p).Length > 0), $"{resource} (pid {pid}) has no readable environment");
            view += string.Concat(processes.Select(p => $"\n{ProcessInspection.Environment(p)}\n{ProcessInspection.CommandLine(p)}"));
        }

        if (ProcessInspection.ContainerIdOf(topology, resource) is { Length: > 0 } container)
        {
            view += "\n" + await ProcessInspection.InspectContainerAsync(runtime, container, cancellationToken);
        }

        return view;
    }
}
