namespace VaultDemo.Orchestrator.Installation;

/// <summary>
/// Makes sure a required program is present: when it is missing and this process may install packages
/// (root, with apt-get), it installs the Debian package and says so; otherwise it fails with the exact
/// command to run.
/// </summary>
public sealed class PackageInstaller(ICommandRunner runner, bool canInstall, string aptGet, Action<string> announce)
{
    // apt holds a system-wide lock; resources starting in parallel install one after the other.
    private static readonly SemaphoreSlim s_aptLock = new(1, 1);

    private static readonly IReadOnlyDictionary<string, string?> s_aptEnvironment = new Dictionary<string, string?>
    {
        ["DEBIAN_FRONTEND"] = "noninteractive",
    };

    /// <summary>Installs with apt-get when running as root and apt-get exists; announces on the console.</summary>
    public static PackageInstaller ForThisMachine(Action<string>? announce = null)
    {
        var aptGet = Processes.ExecutableSearch.Find("apt-get");
        return new PackageInstaller(ProcessCommandRunner.Instance, Processes.UnixProcess.IsRoot && aptGet is not null, aptGet ?? "apt-get", announce ?? Console.WriteLine);
    }

    /// <summary>Returns the program's path, installing its package first when needed and allowed.</summary>
    /// <exception cref="MissingBinaryException">It is missing and cannot be installed; the message has the command.</exception>
    public async Task<string> EnsureAsync(RequiredBinary binary, CancellationToken cancellationToken = default)
    {
        if (binary.Locate() is { } found)
        {
            return found;
        }

        if (!canInstall)
        {
            throw new MissingBinaryException(
                $"{binary.DisplayName} is not installed and this process cannot install it (it needs root and apt-get). Run: {binary.InstallCommand}");
        }

        await s_aptLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another resource may have installed it while this one waited for the lock.
            if (binary.Locate() is { } installedMeanwhile)
            {
                return installedMeanwhile;
            }

            announce($"{binary.DisplayName} is not installed: installing the Debian package '{binary.Package}' with apt-get (one time)...");
            var result = await InstallAsync(binary.Package, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                // A fresh machine may never have downloaded the package lists.
                await runner.RunAsync(aptGet, ["update"], s_aptEnvironment, cancellationToken).ConfigureAwait(false);
                result = await InstallAsync(binary.Package, cancellationToken).ConfigureAwait(false);
            }

            if (result.ExitCode != 0 || binary.Locate() is not { } installed)
            {
                throw new MissingBinaryException(
                    $"Installing '{binary.Package}' failed (exit code {result.ExitCode}). Run it yourself: {binary.InstallCommand}\n{Tail(result.Output)}");
            }

            announce($"Installed '{binary.Package}': {installed}");
            return installed;
        }
        finally
        {
            s_aptLock.Release();
        }
    }

    private Task<CommandResult> InstallAsync(string package, CancellationToken cancellationToken) =>
        runner.RunAsync(aptGet, ["install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300", package], s_aptEnvironment, cancellationToken);

    private static string Tail(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.TakeLast(10));
    }
}
