using System.Diagnostics;
using System.Text;

namespace VaultDemo.Integration.Tests.AppHost;

/// <summary>
/// <c>dotnet run --project AppHost</c> as a user starts it (its own process group, as a terminal gives it), with a
/// marker in its environment that every process it starts inherits, and unique infrastructure passwords that
/// mark its containers, so a test can find what this run started and nothing of any other topology.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<string> _containerPasswords;

    private AppHostProcess(Process process, string marker, IReadOnlyList<string> containerPasswords)
    {
        _process = process;
        Marker = marker;
        _containerPasswords = containerPasswords;
    }

    /// <summary>An environment variable value only this run's processes carry.</summary>
    public string Marker { get; }


    public const string MarkerVariable = "VAULTDEMO_TEST_RUN";

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static AppHostProcess Start()
    {
        var marker = Guid.NewGuid().ToString("N");
        var passwords = new[] { "pg" + Guid.NewGuid().ToString("N"), "mq" + Guid.NewGuid().ToString("N") };
        var dashboard = DashboardEndpoints.FreePortSettings();
        // setsid: a process group of its own, as a terminal starts it, so signals reach the AppHost as a user's would.
        // env --default-signal=INT: a test runner started from a script (CI, a background job) ignores SIGINT, and an
        // ignored signal stays ignored across exec; a terminal's foreground job never has it ignored.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "env", "--default-signal=INT", "dotnet", "run", "--no-build", "--no-launch-profile", "--project", "AppHost", "--", $"--VaultDemo:StateDirectory={Path.Combine(Path.GetTempPath(), "vaultdemo-apphost-test-" + marker)}" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in dashboard)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment[MarkerVariable] = marker;
        // Through the environment, as configuration: a password on a command line is visible to every local user in ps.
        start.Environment["Parameters__postgres-password"] = passwords[0];
        start.Environment["Parameters__messaging-password"] = passwords[1];
        // dotnet run evaluates the project with MSBuild: no build server or reusable node may outlive it with the marker.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet run could not be started.");
        var host = new AppHostProcess(process, marker, passwords);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The processes of this run still alive: every one carries the marker in its environment.</summary>
    public IReadOnlyList<string> LiveProcesses()
    {
        var live = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ"));
                if (environment.Contains($"{MarkerVariable}={Marker}", StringComparison.Ordinal))
                {
                    live.Add($"{pid} {File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim()}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or a kernel thread: not ours either way.
            }
        }

        return live;
    }

    /// <summary>The containers of this run that still exist, found by the passwords only they were given.</summary>
    public async Task<IReadOnlyList<string>> LiveContainersAsync(CancellationToken cancellationToken)
    {
        var runtime = File.Exists("/usr/bin/podman") ? "podman" : "docker";
        var ours = new List<string>();
        foreach (var id in (await RunAsync(runtime, ["ps", "-a", "-q"], cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var environment = await RunAsync(runtime, ["inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", id], cancellationToken);
            if (_containerPasswords.Any(password => environment.Contains(password, StringComparison.Ordinal)))
            {
                ours.Add(id);
            }
        }

        return ours;
    }

    /// <summary>Sends SIGINT to the whole process group, as Ctrl+C in a terminal does.</summary>
    public Task InterruptAsync(CancellationToken cancellationToken) =>
        RunAsync("kill", ["-INT", "--", $"-{_process.Id}"], cancellationToken);

    /// <summary>The pid of the AppHost itself (not <c>dotnet run</c>, which only waits for it).</summary>
    public int AppHostPid() =>
        LiveProcesses().Select(p => (Pid: int.Parse(p[..p.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), Command: p))
            .Single(p => p.Command.Contains("/AppHost/bin/", StringComparison.Ordinal) && !p.Command.Contains(" run ", StringComparison.Ordinal)).Pid;

    private static async Task<string> RunAsync(string command, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        // A container removed between ps and inspect is an error worth ignoring: it is gone, as wanted.
        return process.ExitCode == 0 ? await output : (command == "kill" ? throw new InvalidOperationException($"kill failed: {await error}") : "");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }
}
