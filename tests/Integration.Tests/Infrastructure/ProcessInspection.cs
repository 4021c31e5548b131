using System.Diagnostics;
using System.Text;
using Aspire.Hosting.ApplicationModel;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// What the operating system shows about a resource: the environment and command line of its processes (the one DCP
/// started and everything below it, since a project runs under <c>dotnet run</c>), and a container's configuration as
/// its runtime reports it. Reading these is what an attacker with the same user, or a crash dump, gets.
/// </summary>
public static class ProcessInspection
{
    /// <summary>The process DCP started for <paramref name="resource"/>, or null when it has none (containers, finished ones).</summary>
    public static int? ProcessIdOf(Topology topology, string resource) =>
        Snapshot(topology, resource).Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, out var pid) => pid,
            _ => null,
        };

    public static string? ContainerIdOf(Topology topology, string resource) =>
        Snapshot(topology, resource).Properties.FirstOrDefault(p => p.Name == "container.id")?.Value as string;

    /// <summary><paramref name="root"/> and every process below it.</summary>
    public static IReadOnlyList<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    /// <summary>The process's environment as the kernel keeps it (<c>/proc/&lt;pid&gt;/environ</c>), or "" once it has exited.</summary>
    public static string Environment(int pid) => ReadProcFile(pid, "environ");

    public static string CommandLine(int pid) => ReadProcFile(pid, "cmdline");

    /// <summary>Every running process's command line: what <c>ps</c> shows to every local user.</summary>
    public static IEnumerable<(int Pid, string CommandLine)> AllCommandLines() =>
        from directory in Directory.EnumerateDirectories("/proc")
        let name = Path.GetFileName(directory)
        where int.TryParse(name, out _)
        let pid = int.Parse(name)
        select (pid, CommandLine(pid));

    /// <summary><c>podman inspect</c> (or docker) of a container: its configuration, environment and create command.</summary>
    public static async Task<string> InspectContainerAsync(string runtime, string containerId, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(runtime) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("inspect");
        start.ArgumentList.Add(containerId);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{runtime} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"{runtime} inspect {containerId} exited {process.ExitCode}: {await error}");
        return await output;
    }

    private static CustomResourceSnapshot Snapshot(Topology topology, string resource)
    {
        Assert.True(topology.App.ResourceNotifications.TryGetCurrentState(resource, out var state), $"no snapshot of {resource}");
        return state.Snapshot;
    }

    private static int? ParentOf(int pid)
    {
        var stat = ReadProcFile(pid, "stat");
        // pid (comm) state ppid ...; comm may hold spaces and parentheses, so parse after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : null;
    }

    private static string ReadProcFile(int pid, string file)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/{file}")).Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // exited meanwhile
        }
    }
}
