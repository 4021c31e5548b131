using System.Diagnostics;
namespace VaultDemo.TestSupport;

/// <summary>
/// DevVault as its own process (<c>dotnet DevVault.dll</c> from the caller's build output, so the caller references the
/// DevVault project) on a free loopback port: a dev server (a benchmark's Vault, or the "existing Vault" a test points
/// an AppHost at), or server mode on a configuration file. Killed on dispose.
/// </summary>
public sealed class DevVaultProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private DevVaultProcess(Process process, Uri address, string rootToken)
    {
        _process = process;
        // Kept for a failure's message: neither start prints a secret (a server-mode start has none yet; a dev server is
        // given its token, which its banner then leaves out).
        DataReceivedEventHandler keep = (_, e) =>
        {
            lock (_output)
            {
                if (e.Data is not null)
                {
                    _output.Enqueue(e.Data);
                }

                while (_output.Count > 20)
                {
                    _output.Dequeue();
                }
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Address = address;
        RootToken = rootToken;
    }

    public Uri Address { get; }

    /// <summary>The dev server's root token; empty in server mode, where <c>sys/init</c> makes it.</summary>
    public string RootToken { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process printed, to say why it stopped.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<DevVaultProcess> StartAsync(CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Free();
        var rootToken = "devvault-" + Guid.NewGuid().ToString("N");
        // The token in the environment, as Vault reads it, not on the command line where ps shows it to every user.
        var process = Launch(["server", "-dev", $"-dev-listen-address=127.0.0.1:{port}"], new Dictionary<string, string> { ["VAULT_DEV_ROOT_TOKEN_ID"] = rootToken });
        var server = new DevVaultProcess(process, new Uri($"http://127.0.0.1:{port}"), rootToken);
        try
        {
            await server.WaitUntilAnsweringAsync("/v1/sys/health", TimeSpan.FromSeconds(60), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <paramref name="path"/> until it answers with success; fails at once if the process exits.</summary>
    public async Task WaitUntilAnsweringAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"DevVault exited with {_process.ExitCode} before {path} answered:\n{RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(path, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            // Short: the server-mode benchmark times how soon a process answers.
            await Task.Delay(10, cancellationToken);
        }

        throw new TimeoutException($"DevVault did not answer {path} within {timeout.TotalSeconds:0}s:\n{RecentOutput}");
    }

    /// <summary>
    /// <c>server -config=<paramref name="configFile"/></c>, whose listener is on <paramref name="port"/>. Returns at once:
    /// a server-mode start ends with an unseal, which is the caller's to do (and, in a benchmark, to time).
    /// </summary>
    public static DevVaultProcess LaunchServer(string configFile, int port, IReadOnlyDictionary<string, string> environment) =>
        new(Launch(["server", $"-config={configFile}"], environment), new Uri($"http://127.0.0.1:{port}"), "");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Process Launch(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DevVault.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("DevVault did not start.");
    }
}
