using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace VaultDemo.Hosting.Containers;

/// <summary>
/// Makes sure the containers of the topology can run before Aspire starts them: picks Docker when its engine
/// answers, otherwise Podman, which it installs and configures on a Debian host when running as root; and
/// makes the Debian base image the repository's Containerfiles build on where no registry can supply one.
/// Each step is done once per machine and says so on the console; later runs only check (well under a second).
/// </summary>
internal sealed class ContainerRuntimeSetup(IConfiguration configuration, TextWriter console)
{
    public const string Suite = "bookworm";
    public const string LocalBaseImage = "localhost/vaultdemo/debian:" + Suite;

    private const string ContainersConf = "/etc/containers/containers.conf";

    /// <summary>
    /// What this machine's kind needs (see README, "Containers"): crun fails on hybrid cgroups and the default
    /// ulimits cannot be raised inside its sandbox, so runc, cgroupfs and lower limits.
    /// </summary>
    private const string ContainersConfText = """
        # Written by VaultDemo's AppHost (Hosting/Containers/ContainerRuntimeSetup.cs) because none existed.
        [containers]
        default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

        [engine]
        runtime = "runc"
        cgroup_manager = "cgroupfs"
        events_logger = "file"
        """;

    public sealed record Outcome(string Runtime, string? BaseImage);

    public async Task<Outcome> EnsureAsync(CancellationToken cancellationToken)
    {
        using var machineLock = await MachineLock.AcquireAsync("vaultdemo-containers", cancellationToken).ConfigureAwait(false);
        var runtime = await ChooseRuntimeAsync(cancellationToken).ConfigureAwait(false);
        if (runtime == "podman")
        {
            await EnsurePackagesAsync(["podman", "runc"], "podman", cancellationToken).ConfigureAwait(false);
            EnsureContainersConf();
        }

        var baseImage = configuration["VaultDemo:BaseImage"] ?? await EnsureLocalBaseImageAsync(runtime, cancellationToken).ConfigureAwait(false);
        return new Outcome(runtime, baseImage);
    }

    private async Task<string> ChooseRuntimeAsync(CancellationToken cancellationToken)
    {
        if ((configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"]) is { Length: > 0 } configured)
        {
            return configured;
        }

        if (ExecutableSearch.Find("docker") is not null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                if ((await ProcessRunner.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], timeout.Token).ConfigureAwait(false)).Succeeded)
                {
                    return "docker";
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A docker client without an engine can hang on its socket: that is a no.
            }
        }

        return "podman";
    }

    private async Task EnsurePackagesAsync(string[] packages, string probe, CancellationToken cancellationToken)
    {
        if (ExecutableSearch.Find(probe) is not null)
        {
            return;
        }

        var install = $"apt-get update && apt-get install -y {string.Join(' ', packages)}";
        if (!IsRoot || ExecutableSearch.Find("apt-get") is null)
        {
            throw new DistributedApplicationException(
                $"The containers of this application need {probe}, which is not installed. Install it (on Debian or Ubuntu: `sudo sh -c '{install}'`) and run again.");
        }

        await console.WriteLineAsync($"VaultDemo: installing {string.Join(", ", packages)} with apt-get (once per machine)...").ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        // Another installer (a test installing Chromium, unattended upgrades) may hold apt's lock for a while: wait for it.
        string[] waitForLock = ["-o", "DPkg::Lock::Timeout=600"];
        await ProcessRunner.RunOrThrowAsync("apt-get", [.. waitForLock, "update", "-qq"], cancellationToken).ConfigureAwait(false);
        await ProcessRunner.RunOrThrowAsync("apt-get", [.. waitForLock, "install", "-y", "-qq", .. packages], cancellationToken).ConfigureAwait(false);
        await console.WriteLineAsync($"VaultDemo: installed {string.Join(", ", packages)} in {watch.Elapsed.TotalSeconds:F0} s.").ConfigureAwait(false);
    }

    private void EnsureContainersConf()
    {
        if (File.Exists(ContainersConf) || !IsRoot)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ContainersConf)!);
        File.WriteAllText(ContainersConf, ContainersConfText + "\n");
        console.WriteLine($"VaultDemo: wrote {ContainersConf} (runc, cgroupfs, file events, lower default ulimits).");
    }

    /// <summary>
    /// A Debian base image made from this host's own Debian mirror with debootstrap, for machines that reach
    /// Debian's archive but no container registry. Elsewhere (not root, not Debian) the Containerfiles keep
    /// their default base from the registry.
    /// </summary>
    private async Task<string?> EnsureLocalBaseImageAsync(string runtime, CancellationToken cancellationToken)
    {
        if ((await ProcessRunner.RunAsync(runtime, ["image", "inspect", LocalBaseImage], cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            return LocalBaseImage;
        }

        if (!IsRoot || DebianMirror.Find(Suite) is not { } mirror)
        {
            return null;
        }

        await EnsurePackagesAsync(["debootstrap"], "debootstrap", cancellationToken).ConfigureAwait(false);
        await console.WriteLineAsync($"VaultDemo: making the base image {LocalBaseImage} with debootstrap from this host's Debian mirror (once per machine, about a minute)...").ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var root = Directory.CreateTempSubdirectory("vaultdemo-debootstrap-").FullName;
        try
        {
            await ProcessRunner.RunOrThrowAsync("debootstrap", ["--variant=minbase", Suite, root, mirror], cancellationToken).ConfigureAwait(false);
            // The package cache is not part of an image.
            await ProcessRunner.RunOrThrowAsync("sh", ["-c", "rm -rf \"$0\"/var/cache/apt/archives/*.deb \"$0\"/var/lib/apt/lists/*", root], cancellationToken).ConfigureAwait(false);
            await ProcessRunner.RunOrThrowAsync("sh", ["-c", "tar -C \"$0\" -c . | \"$1\" import - \"$2\"", root, runtime, LocalBaseImage], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ProcessRunner.RunAsync("rm", ["-rf", "--one-file-system", root], CancellationToken.None).ConfigureAwait(false);
        }

        await console.WriteLineAsync($"VaultDemo: made {LocalBaseImage} in {watch.Elapsed.TotalSeconds:F0} s.").ConfigureAwait(false);
        return LocalBaseImage;
    }

    private static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";
}
