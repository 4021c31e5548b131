using Microsoft.Extensions.Hosting;

namespace VaultDemo.Hosting;

/// <summary>
/// One run's directory under the state root's <c>runs/</c>: the services' AppRole login files and RabbitMQ's data,
/// which matter to that run only. While the run lasts it holds an exclusive lock on the directory's <c>.lock</c>
/// file; the kernel drops the lock if the AppHost dies, so a later run can tell a live AppHost's directory from one
/// left behind, and deletes the latter instead of letting runs pile up.
/// </summary>
internal sealed class RunDirectory : IHostedService, IDisposable
{
    private const string LockFileName = ".lock";

    // A directory this young may belong to an AppHost that has created it but not locked it yet.
    private static readonly TimeSpan CreationGrace = TimeSpan.FromSeconds(10);

    private readonly FileStream _lock;

    private RunDirectory(string path, FileStream @lock)
    {
        Path = path;
        _lock = @lock;
    }

    public string Path { get; }

    /// <summary>Creates a new run directory (0700) in <paramref name="runsRoot"/> and locks it for as long as this lives.</summary>
    public static RunDirectory Create(string runsRoot)
    {
        var path = System.IO.Path.Combine(runsRoot, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24]);
        StateDirectories.CreatePrivate(path);
        return new RunDirectory(path, TryLock(path, FileMode.CreateNew) ?? throw new IOException($"Could not lock the new run directory {path}."));
    }

    /// <summary>
    /// Deletes every directory in <paramref name="runsRoot"/> but <paramref name="keep"/> that no running AppHost holds,
    /// and returns those it deleted. Best effort: what cannot be deleted now (a container's files under rootless Podman,
    /// owned by another user id) stays for a later run to retry.
    /// </summary>
    public static IReadOnlyList<string> DeleteAbandoned(string runsRoot, string keep)
    {
        var deleted = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(runsRoot))
        {
            if (directory == keep || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) < CreationGrace)
            {
                continue;
            }

            // Locked by a live AppHost: keep. Otherwise hold the lock while deleting, so no AppHost takes the directory up.
            FileStream? held = null;
            if (File.Exists(System.IO.Path.Combine(directory, LockFileName)) && (held = TryLock(directory, FileMode.Open)) is null)
            {
                continue;
            }

            using var _ = held;
            try
            {
                Directory.Delete(directory, recursive: true);
                deleted.Add(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return deleted;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The run is over: a later run in this process (tests start several) may now delete the directory.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// An exclusive lock, or null if another holds it. .NET takes FileShare.None on Unix as a flock(2) lock, which
    /// excludes other open files in this process as in others, and which the kernel releases when the process dies.
    /// </summary>
    private static FileStream? TryLock(string directory, FileMode mode)
    {
        try
        {
            return new FileStream(System.IO.Path.Combine(directory, LockFileName), mode, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (mode == FileMode.Open)
        {
            return null;
        }
    }
}
