using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VaultDemo.Hosting;

public static class StateDirectories
{
    /// <summary>The configuration key that moves the AppHost's state elsewhere (tests give each topology its own).</summary>
    public const string RootKey = "VaultDemo:StateDirectory";

    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, string> s_runDirectories = [];

    /// <summary>
    /// The private directory (mode 0700) of a resource that outlives a run of the application: PostgreSQL's data, and
    /// Vault's unseal keys and initial root token, which must stay together (the keys open only the storage they were
    /// made for). Deleting the state root starts everything afresh.
    /// </summary>
    public static string GetPersistentStateDirectory(this IDistributedApplicationBuilder builder, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceName);
        var directory = Path.Combine(GetStateRoot(builder), resourceName);
        CreatePrivate(directory);
        return directory;
    }

    /// <summary>
    /// The private directory (mode 0700) of a resource in this run of the application only: where the AppHost leaves a
    /// service its AppRole login files. Each run gets its own, so a file of an earlier run is never mistaken for a fresh one,
    /// and deletes those of runs that have ended (<see cref="RunDirectory"/>).
    /// </summary>
    public static string GetResourceStateDirectory(this IDistributedApplicationBuilder builder, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var run = s_runDirectories.GetValue(builder, CreateRunDirectory);
        var directory = Path.Combine(run, resourceName);
        CreatePrivate(directory);
        return directory;
    }

    /// <summary>
    /// <c>VaultDemo:StateDirectory</c> if set; else a directory of this user's (the local application data folder, as
    /// Aspire keeps user secrets in the profile) named after the AppHost project's path, so two checkouts never share
    /// a database or unseal keys, and one checkout finds its own again on every run.
    /// </summary>
    public static string GetStateRoot(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var root = builder.Configuration[RootKey] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "vaultdemo", StableIdOf(builder));
        CreatePrivate(root);
        return root;
    }

    private static string StableIdOf(IDistributedApplicationBuilder builder)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.AppHostDirectory)));
        return $"{Path.GetFileName(builder.AppHostDirectory.TrimEnd(Path.DirectorySeparatorChar))}-{hash[..12]}";
    }

    /// <summary>This run's directory, locked until the application stops; earlier runs' directories are deleted.</summary>
    private static string CreateRunDirectory(IDistributedApplicationBuilder builder)
    {
        var runs = Path.Combine(GetStateRoot(builder), "runs");
        CreatePrivate(runs); // a mode applies only to the directory created last, not to parents created on the way
        var run = RunDirectory.Create(runs);
        builder.Services.AddHostedService(_ => run);
        RunDirectory.DeleteAbandoned(runs, keep: run.Path);
        return run.Path;
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
