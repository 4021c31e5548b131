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
        return new RunDirectory(path, Lock(path, FileMode.CreateNew));
    }

    /// <summary>
    /// Deletes every directory in <paramref name="runsRoot"/> but <paramref name="keep"/> that no running AppHost holds.
    /// Best effort: what cannot be deleted now (a container's files under rootless Podman, owned by another user id)
    /// stays for a later run to retry.
    /// </summary>
    public static void DeleteAbandoned(string runsRoot, string keep)
    {
        foreach (var directory in Directory.EnumerateDirectories(runsRoot))
        {
            if (directory == keep || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(directory) < CreationGrace)
            {
                continue;
            }

            // Held while deleting, so no AppHost takes the directory up meanwhile. A directory without a lock file was
            // left by a version that made none.
            FileStream? held = null;
            try
            {
                if (File.Exists(System.IO.Path.Combine(directory, LockFileName)))
                {
                    held = Lock(directory, FileMode.Open);
                }

                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Locked by a live AppHost (or gone meanwhile), or not ours to delete: left as it is.
            }
            finally
            {
                held?.Dispose();
            }
        }
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
    /// An exclusive lock; an IOException if another holds it. .NET takes FileShare.None on Unix as a flock(2) lock,
    /// which excludes other open files in this process as in others, and which the kernel releases when the process dies.
    /// </summary>
    private static FileStream Lock(string directory, FileMode mode) =>
        new(System.IO.Path.Combine(directory, LockFileName), mode, FileAccess.ReadWrite, FileShare.None);
}
