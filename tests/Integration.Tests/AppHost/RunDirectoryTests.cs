using Aspire.Hosting.Testing;
using VaultDemo.Hosting;

namespace VaultDemo.Integration.Tests.AppHost;

/// <summary>
/// Each run of the AppHost keeps its services' AppRole logins and RabbitMQ's data in a directory of its own under
/// <c>runs/</c>. A run deletes the directories of runs that have ended (stopped, or died), and never one of an AppHost
/// still running.
/// </summary>
public sealed class RunDirectoryTests : IDisposable
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);

    private readonly string _stateRoot = Directory.CreateTempSubdirectory("vaultdemo-runs-").FullName;

    private string Runs => Path.Combine(_stateRoot, "runs");

    [Fact]
    public async Task TheAppHostDeletesEndedRunsDirectoriesAndKeepsThoseOfLiveOnes()
    {
        var ended = EarlierRun("20260101-000000-ended", withLockFile: true);
        var fromAnOlderVersion = EarlierRun("20260101-000001-legacy", withLockFile: false);
        var live = EarlierRun("20260101-000002-live", withLockFile: true);
        using var liveLock = new FileStream(Path.Combine(live, ".lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var justCreated = Directory.CreateDirectory(Path.Combine(Runs, "20260101-000003-young")).FullName;

        // The AppHost's own Program, up to Build: it makes this run's directory as it configures the services.
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--{StateDirectories.RootKey}={_stateRoot}"], TestTimeout.Token());

        var remaining = Directory.GetDirectories(Runs);
        Assert.False(Directory.Exists(ended), "the directory of a run that ended is still there");
        Assert.False(Directory.Exists(fromAnOlderVersion), "the directory of a run without a lock file is still there");
        Assert.Contains(live, remaining);
        Assert.Contains(justCreated, remaining);
        var mine = Assert.Single(remaining.Except([live, justCreated]));
        Assert.True(File.Exists(Path.Combine(mine, ".lock")), "this run's directory has no lock file");
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    /// <summary>A directory an earlier run left, with a secret id file as the services' AppRole logins leave one.</summary>
    private string EarlierRun(string name, bool withLockFile)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Runs, name)).FullName;
        Directory.CreateDirectory(Path.Combine(directory, "writer"));
        File.WriteAllText(Path.Combine(directory, "writer", "secret-id"), "s.wrapped");
        if (withLockFile)
        {
            File.WriteAllBytes(Path.Combine(directory, ".lock"), []);
        }

        Directory.SetLastWriteTimeUtc(directory, LongAgo);
        return directory;
    }
}
