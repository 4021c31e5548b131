using System.Globalization;

namespace VaultDemo.Orchestrator.Processes;

/// <summary>
/// Reads the process table from /proc so a process can be killed together with everything it started,
/// including children that left its process group (an Erlang port mapper, for one).
/// </summary>
public static class ProcessTree
{
    /// <summary>The process's start time in clock ticks since boot, which tells a live process from a reused PID.</summary>
    public static long? StartTime(int pid)
    {
        var stat = ReadStat(pid);
        return stat is null ? null : long.Parse(stat[19], CultureInfo.InvariantCulture);
    }

    public static bool IsAlive(int pid, long? expectedStartTime = null)
    {
        var stat = ReadStat(pid);
        if (stat is null || stat[0] == "Z")
        {
            return false;
        }

        return expectedStartTime is null || long.Parse(stat[19], CultureInfo.InvariantCulture) == expectedStartTime;
    }

    /// <summary>The process and all its descendants, parents before children.</summary>
    public static IReadOnlyList<int> WithDescendants(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in AllPids())
        {
            var stat = ReadStat(pid);
            if (stat is null)
            {
                continue;
            }

            var parent = int.Parse(stat[1], CultureInfo.InvariantCulture);
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var result = new List<int>();
        var pending = new Queue<int>([rootPid]);
        while (pending.TryDequeue(out var pid))
        {
            result.Add(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>
    /// SIGKILLs the process group led by <paramref name="rootPid"/> and every descendant found in /proc.
    /// Descendants are listed before anything dies, because a dead parent's children are re-parented away.
    /// </summary>
    public static void Kill(int rootPid)
    {
        var tree = WithDescendants(rootPid);
        UnixProcess.TrySignal(-rootPid, UnixProcess.SigKill);
        foreach (var pid in tree)
        {
            UnixProcess.TrySignal(pid, UnixProcess.SigKill);
        }
    }

    private static IEnumerable<int> AllPids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>Fields of /proc/&lt;pid&gt;/stat after the command name: [0] state, [1] ppid, ... [19] starttime.</summary>
    private static string[]? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may contain spaces and parentheses; it ends at the last ')'.
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
