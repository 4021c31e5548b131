using VaultDemo.Orchestrator.Installation;

namespace VaultDemo.Orchestrator.Tests.Installation;

public sealed class PackageInstallerTests
{
    [Fact]
    public async Task AnInstalledProgramIsUsedWithoutRunningAnything()
    {
        var runner = new RecordingCommandRunner();
        var installer = new PackageInstaller(runner, canInstall: true, "apt-get", _ => { });

        var path = await installer.EnsureAsync(new RequiredBinary("Tool", "tool-package", () => "/usr/bin/tool"), TestTimeout.Token());

        Assert.Equal("/usr/bin/tool", path);
        Assert.Empty(runner.Commands);
    }

    [Fact]
    public async Task AMissingProgramIsInstalledFromItsPackageAndAnnounced()
    {
        using var directory = new TemporaryDirectory();
        var program = Path.Combine(directory.Path, "tool");
        var runner = new RecordingCommandRunner((_, arguments) =>
        {
            // The fake apt-get "installs" the program.
            File.WriteAllText(program, "");
            return new CommandResult(0, $"Setting up {arguments[^1]}");
        });
        var announcements = new List<string>();
        var installer = new PackageInstaller(runner, canInstall: true, "apt-get", announcements.Add);

        var path = await installer.EnsureAsync(new RequiredBinary("Tool", "tool-package", () => File.Exists(program) ? program : null), TestTimeout.Token());

        Assert.Equal(program, path);
        Assert.Equal(["apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 tool-package"], runner.Commands);
        Assert.Contains(announcements, a => a.Contains("installing the Debian package 'tool-package'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedInstallRefreshesThePackageListsOnceAndRetries()
    {
        using var directory = new TemporaryDirectory();
        var program = Path.Combine(directory.Path, "tool");
        var attempts = 0;
        var runner = new RecordingCommandRunner((_, arguments) =>
        {
            if (arguments[0] != "install")
            {
                return new CommandResult(0, "");
            }

            if (++attempts == 1)
            {
                return new CommandResult(100, "E: Unable to locate package tool-package");
            }

            File.WriteAllText(program, "");
            return new CommandResult(0, "");
        });
        var installer = new PackageInstaller(runner, canInstall: true, "apt-get", _ => { });

        await installer.EnsureAsync(new RequiredBinary("Tool", "tool-package", () => File.Exists(program) ? program : null), TestTimeout.Token());

        Assert.Equal(["install", "update", "install"], runner.Commands.Select(c => c.Split(' ')[1]));
    }

    [Fact]
    public async Task WithoutPermissionToInstallTheErrorGivesTheExactCommand()
    {
        var runner = new RecordingCommandRunner();
        var installer = new PackageInstaller(runner, canInstall: false, "apt-get", _ => { });

        var error = await Assert.ThrowsAsync<MissingBinaryException>(() =>
            installer.EnsureAsync(new RequiredBinary("RabbitMQ", "rabbitmq-server", () => null), TestTimeout.Token()));

        Assert.Contains("Run: sudo apt-get install -y rabbitmq-server", error.Message);
        Assert.Empty(runner.Commands);
    }

    [Fact]
    public async Task AnInstallThatKeepsFailingReportsTheCommandAndAptsOutput()
    {
        var runner = new RecordingCommandRunner((_, arguments) => arguments[0] == "install"
            ? new CommandResult(100, "E: Unable to locate package tool-package")
            : new CommandResult(0, ""));
        var installer = new PackageInstaller(runner, canInstall: true, "apt-get", _ => { });

        var error = await Assert.ThrowsAsync<MissingBinaryException>(() =>
            installer.EnsureAsync(new RequiredBinary("Tool", "tool-package", () => null), TestTimeout.Token()));

        Assert.Contains("sudo apt-get install -y tool-package", error.Message);
        Assert.Contains("Unable to locate package", error.Message);
    }
}
