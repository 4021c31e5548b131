using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VaultDemo.Bench.Client;

/// <summary>DevVault started in dev mode on a free loopback port, for the client benchmarks; killed on dispose.</summary>
internal sealed class BenchDevVault : IAsyncDisposable
{
    private readonly Process _process;

    private BenchDevVault(Process process, Uri address, string rootToken)
    {
        _process = process;
        Address = address;
        RootToken = rootToken;
    }

    public Uri Address { get; }

    public string RootToken { get; }

    public static async Task<BenchDevVault> StartAsync(CancellationToken cancellationToken)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var rootToken = "bench-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet")
        {
            // The token in the environment, as Vault reads it, not on the command line where ps shows it to every user.
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "DevVault.dll"), "server", "-dev", $"-dev-listen-address=127.0.0.1:{port}" },
            Environment = { ["VAULT_DEV_ROOT_TOKEN_ID"] = rootToken },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("DevVault did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchDevVault(process, new Uri($"http://127.0.0.1:{port}"), rootToken);

        using var http = new HttpClient { BaseAddress = server.Address };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"DevVault exited with {process.ExitCode} before it was healthy.");
            }

            try
            {
                using var response = await http.GetAsync("/v1/sys/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100, cancellationToken);
        }

        await server.DisposeAsync();
        throw new TimeoutException("DevVault did not report healthy within 60s.");
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
}
