using System.Diagnostics;

namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>
/// The browser tests drive Debian's <c>chromium</c> package. When it is missing and this process is
/// root with apt, the package is installed (and the console says so); otherwise the tests fail with
/// the exact command to run.
/// </summary>
internal static class ChromiumInstallation
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return;
            }

            if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException(
                    $"The browser tests need Debian's chromium at {ExecutablePath}. Install it with: sudo apt-get install -y chromium");
            }

            Console.Error.WriteLine("Browser tests: chromium is missing, installing Debian's package (apt-get install -y chromium)...");
            if (await AptGetAsync(["install", "-y", "--no-install-recommends", "chromium"], cancellationToken) != 0)
            {
                // A fresh machine may have no package lists yet.
                await AptGetAsync(["update"], cancellationToken);
                var exitCode = await AptGetAsync(["install", "-y", "--no-install-recommends", "chromium"], cancellationToken);
                if (exitCode != 0 || !File.Exists(ExecutablePath))
                {
                    throw new InvalidOperationException($"apt-get install -y chromium failed with exit code {exitCode}; run it by hand to see why.");
                }
            }

            Console.Error.WriteLine($"Browser tests: chromium installed at {ExecutablePath}.");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<int> AptGetAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("apt-get") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Other tools may hold the dpkg lock for a while; wait for it rather than fail.
        startInfo.ArgumentList.Add("-o");
        startInfo.ArgumentList.Add("DPkg::Lock::Timeout=600");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("apt-get could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(output, error);
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine((await error).Trim());
        }

        return process.ExitCode;
    }
}
