namespace VaultDemo.Orchestrator.Processes;

/// <summary>Finds programs on PATH and in the versioned directories Debian installs some servers into.</summary>
public static class ExecutableSearch
{
    /// <summary>The full path of <paramref name="name"/> on PATH or in one of <paramref name="extraDirectories"/>, or null.</summary>
    public static string? Find(string name, params IEnumerable<string> extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(extraDirectories);
        return directories.Select(directory => Path.Combine(directory, name)).FirstOrDefault(IsExecutable);
    }

    /// <summary>
    /// Debian keeps PostgreSQL's server binaries in /usr/lib/postgresql/&lt;major&gt;/bin, outside PATH.
    /// Newest version first.
    /// </summary>
    public static IEnumerable<string> VersionedDirectories(string root, string suffix) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : -1)
                .Select(d => Path.Combine(d, suffix))
            : [];

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
