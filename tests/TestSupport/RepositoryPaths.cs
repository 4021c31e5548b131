namespace VaultDemo.TestSupport;

/// <summary>Where the repository's own files are, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The directory of one of the repository's Containerfiles (<c>containers/&lt;name&gt;</c>).</summary>
    public static string Containerfile(string name) => Path.Combine(Root, "containers", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VaultDemo.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No VaultDemo.sln above {AppContext.BaseDirectory}.");
    }
}
