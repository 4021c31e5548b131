using System.Diagnostics;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// A service restarted on its own (the dashboard's Restart, or Start after it stopped or died) logs in again and
/// works, with no other resource restarted: the AppHost leaves it a fresh wrapped secret id before every start, as a
/// trusted orchestrator does. Nothing written while the reader was away is lost. A topology of its own, because these
/// tests stop services.
/// </summary>
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public sealed class ServiceRestartTests(OwnTopology own) : IClassFixture<OwnTopology>
{
    [Fact]
    [Step(1)]
    public async Task TheWriterRestartedAloneLogsInAgainAndItsWritesAreRead()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = own.Topology;
        var others = StartTimes(topology, except: Topology.Writer);
        var loginBefore = SecretIdFile(topology, Topology.Writer);

        await topology.BringBackAsync(Topology.Writer, KnownResourceCommands.RestartCommand, cancellationToken);

        Assert.NotEqual(loginBefore, SecretIdFile(topology, Topology.Writer));
        await AssertWritesAreReadAsync(topology, "writer-restart", 1, cancellationToken);
        Assert.Equal(others, StartTimes(topology, except: Topology.Writer));
    }

    [Fact]
    [Step(2)]
    public async Task TheReaderStoppedAndStartedAloneReadsWhatWasWrittenMeanwhile()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = own.Topology;
        var others = StartTimes(topology, except: Topology.Reader);

        await topology.StopResourceAsync(Topology.Reader, cancellationToken);
        var paths = await WriteAsync(topology, "reader-stopped", 5, cancellationToken);
        await topology.BringBackAsync(Topology.Reader, KnownResourceCommands.StartCommand, cancellationToken);

        await AssertReadAsync(topology, paths, "written while the reader was stopped", cancellationToken);
        await AssertWritesAreReadAsync(topology, "reader-restart", 1, cancellationToken);
        Assert.Equal(others, StartTimes(topology, except: Topology.Reader));
    }

    [Fact]
    [Step(3)]
    public async Task TheReaderKilledWithSigkillAndStartedAgainReadsWhatWasWrittenMeanwhile()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = own.Topology;
        var others = StartTimes(topology, except: Topology.Reader);
        var pid = ProcessInspection.ProcessIdOf(topology, Topology.Reader) ?? throw new InvalidOperationException("the reader has no process id");

        // The service itself (the process at the bottom of DCP's `dotnet run`), as an OOM kill or kill -9 would end
        // it: no shutdown code runs, its token and leases are left to expire.
        var service = ProcessInspection.Tree(pid).Last();
        Assert.Contains("ReaderWorker", ProcessInspection.CommandLine(service), StringComparison.Ordinal);
        KillHard(service);

        await topology.App.ResourceNotifications.WaitForResourceAsync(Topology.Reader, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
        var paths = await WriteAsync(topology, "reader-killed", 5, cancellationToken);
        await topology.BringBackAsync(Topology.Reader, KnownResourceCommands.StartCommand, cancellationToken);

        await AssertReadAsync(topology, paths, "written while the reader was dead", cancellationToken);
        await AssertWritesAreReadAsync(topology, "reader-after-kill", 1, cancellationToken);
        Assert.Equal(others, StartTimes(topology, except: Topology.Reader));
    }

    private static async Task AssertWritesAreReadAsync(Topology topology, string label, int count, CancellationToken cancellationToken) =>
        await AssertReadAsync(topology, await WriteAsync(topology, label, count, cancellationToken), "written after the restart", cancellationToken);

    private static async Task<List<string>> WriteAsync(Topology topology, string label, int count, CancellationToken cancellationToken)
    {
        using var writer = WriterApi.For(topology);
        var paths = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var path = $"integration/{label}/{Guid.NewGuid():N}";
            var response = await Eventually.MatchesAsync(
                () => writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = topology.Secret($"{label}-{Guid.NewGuid():N}") }, cas: 0, cancellationToken: cancellationToken),
                r => r.Status != HttpStatusCode.ServiceUnavailable,
                $"the writer to accept {path}");
            Assert.True(response.Status == HttpStatusCode.OK, $"write {path}: {response}");
            paths.Add(path);
        }

        return paths;
    }

    private static Task AssertReadAsync(Topology topology, IReadOnlyCollection<string> paths, string what, CancellationToken cancellationToken) =>
        Eventually.MatchesAsync(
            () => AppDatabase.ReadVersionsAsync(topology, paths, cancellationToken),
            read => read.Count == paths.Count,
            $"the reader to read all {paths.Count} versions {what}");

    /// <summary>When each other resource last started: a restart of any of them would change it.</summary>
    private static Dictionary<string, DateTime?> StartTimes(Topology topology, string except) =>
        Topology.Resources.Where(name => name != except).ToDictionary(
            name => name,
            name => topology.App.ResourceNotifications.TryGetCurrentState(name, out var e) ? e.Snapshot.StartTimeStamp : null);

    private static string SecretIdFile(Topology topology, string service) =>
        File.ReadAllText(Path.Combine(topology.ServiceDirectory(service), "secret-id"));

    private static void KillHard(int pid)
    {
        try
        {
            Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }
}
