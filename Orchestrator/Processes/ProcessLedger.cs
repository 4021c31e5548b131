using System.Globalization;

namespace VaultDemo.Orchestrator.Processes;

/// <summary>
/// PID files in a run's state directory. A killed AppHost cannot stop its children, so the next start reads
/// the ledgers of dead runs and kills what they recorded. The start time is recorded with each PID so a
/// PID the kernel has since reused for an unrelated process is never touched.
/// </summary>
public sealed class ProcessLedger
{
    private const string OwnerFile = "owner.pid";
    private const string ProcessesFolder = "processes";

    private readonly string _directory;

    private ProcessLedger(string directory) => _directory = directory;

    /// <summary>Opens the ledger of a run, recording the current process as its owner.</summary>
    public static ProcessLedger Open(string runDirectory) => Open(runDirectory, Environment.ProcessId);

    /// <summary>Opens a ledger owned by another process (tests play a killed AppHost with it).</summary>
    internal static ProcessLedger Open(string runDirectory, int ownerPid)
    {
        var directory = Path.Combine(runDirectory, ProcessesFolder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(runDirectory, OwnerFile), Describe(ownerPid, "apphost"));
        return new ProcessLedger(directory);
    }

    public void Record(int pid, string name) =>
        File.WriteAllText(Path.Combine(_directory, $"{pid}.pid"), Describe(pid, name));

    public void Forget(int pid) => File.Delete(Path.Combine(_directory, $"{pid}.pid"));

    /// <summary>
    /// Kills the processes recorded by every run under <paramref name="stateRoot"/> whose owner is no longer
    /// alive, and deletes those runs' directories. Returns the names of the processes it killed.
    /// </summary>
    public static IReadOnlyList<string> CleanOrphans(string stateRoot)
    {
        var killed = new List<string>();
        if (!Directory.Exists(stateRoot))
        {
            return killed;
        }

        foreach (var run in Directory.EnumerateDirectories(stateRoot))
        {
            var owner = Read(Path.Combine(run, OwnerFile));
            if (owner is null || ProcessTree.IsAlive(owner.Value.Pid, owner.Value.StartTime))
            {
                continue;
            }

            var processes = Path.Combine(run, ProcessesFolder);
            foreach (var file in Directory.Exists(processes) ? Directory.EnumerateFiles(processes, "*.pid") : [])
            {
                if (Read(file) is { } recorded && ProcessTree.IsAlive(recorded.Pid, recorded.StartTime))
                {
                    ProcessTree.Kill(recorded.Pid);
                    killed.Add($"{recorded.Name} (pid {recorded.Pid})");
                }
            }

            TryDelete(run);
        }

        return killed;
    }

    private static string Describe(int pid, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{pid} {ProcessTree.StartTime(pid)} {name}");

    private static (int Pid, long StartTime, string Name)? Read(string file)
    {
        try
        {
            var parts = File.ReadAllText(file).Split(' ', 3);
            return parts.Length == 3
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var startTime)
                ? (pid, startTime, parts[2])
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next start; a leftover directory holds no running process.
        }
    }
}
