using DevVault.Cli;
using DevVault.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DevVault.Tests.Infrastructure;

/// <summary>
/// A DevVault server started in-process on real Kestrel (127.0.0.1, a free port) for black-box HTTP tests.
/// Share one per test class with <c>IClassFixture&lt;DevVaultFixture&gt;</c>; tests that need a fake clock
/// start their own with <see cref="StartAsync"/>.
/// </summary>
public sealed class DevVaultFixture : IAsyncLifetime
{
    private DevVaultServer? _server;
    private HttpClient? _http;

    public DevVaultServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A caller that sends the root token unless told otherwise.</summary>
    public VaultHttp Vault { get; private set; } = null!;

    public string RootToken => Server.RootToken;

    public async Task InitializeAsync()
    {
        (_server, _http, Vault) = await StartAsync();
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Starts a separate server, e.g. with a <c>FakeTimeProvider</c>. The caller disposes both.</summary>
    public static async Task<(DevVaultServer Server, HttpClient Http, VaultHttp Vault)> StartAsync(
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? configureServices = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var server = await DevVaultServer.StartAsync(
            new DevServerOptions { ListenAddress = "127.0.0.1:0", TimeProvider = timeProvider ?? TimeProvider.System, ConfigureServices = configureServices },
            timeout.Token);
        var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        return (server, http, new VaultHttp(http, server.RootToken));
    }
}
