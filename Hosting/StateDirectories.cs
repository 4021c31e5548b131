using System.Runtime.CompilerServices;

namespace VaultDemo.Hosting;

public static class StateDirectories
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, string> s_runDirectories = [];

    /// <summary>
    /// The private directory (mode 0700) of a resource in this run of the application: where the bootstrapper
    /// leaves a service its AppRole files, or Vault its audit log. Under <c>VaultDemo:StateDirectory</c>, else the
    /// system temp directory; each run gets its own, so topologies started side by side never share one.
    /// </summary>
    public static string GetResourceStateDirectory(this IDistributedApplicationBuilder builder, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var run = s_runDirectories.GetValue(builder, CreateRunDirectory);
        var directory = Path.Combine(run, resourceName);
        CreatePrivate(directory);
        return directory;
    }

    private static string CreateRunDirectory(IDistributedApplicationBuilder builder)
    {
        var root = builder.Configuration["VaultDemo:StateDirectory"] ?? Path.Combine(Path.GetTempPath(), "vaultdemo");
        var run = Path.Combine(root, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24]);
        CreatePrivate(root);
        CreatePrivate(run);
        return run;
    }

    /// <summary>Creates <paramref name="directory"/> (and its parents) open to its owner only: 0700, or the user profile's ACL on Windows.</summary>
    internal static void CreatePrivate(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory); // under the user's profile, closed to other users by its ACL
            return;
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
