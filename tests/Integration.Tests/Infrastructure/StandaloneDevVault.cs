using System.Diagnostics;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// A DevVault dev server started by the test, outside any AppHost: the "existing Vault" a team already runs, which
/// an AppHost is pointed at with a connection string instead of starting its own.
/// </summary>
public sealed class StandaloneDevVault : IAsyncDisposable
{
    private readonly Process _process;

    private StandaloneDevVault(Process process, Uri address, string rootToken)
    {
        _process = process;
        Address = address;
        RootToken = rootToken;
    }

    public Uri Address { get; }

    public string RootToken { get; }

    public static async Task<StandaloneDevVault> StartAsync()
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        var rootToken = "existing-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--no-build", "--no-launch-profile", "--project", Path.Combine(RepositoryPaths.Root, "DevVault"), "--", "server", "-dev", $"-dev-listen-address={address.Authority}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["VAULT_DEV_ROOT_TOKEN_ID"] = rootToken },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var vault = new StandaloneDevVault(process, address, rootToken);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    Assert.False(process.HasExited, $"DevVault exited with code {(process.HasExited ? process.ExitCode : 0)}");
                    try
                    {
                        return (await http.GetAsync("/v1/sys/health")).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                $"a standalone DevVault at {address}");
            return vault;
        }
        catch
        {
            await vault.DisposeAsync();
            throw;
        }
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
