using DevVault.Cli;
using DevVault.Hosting;
using Microsoft.Extensions.Logging;

namespace VaultDemo.VaultClient.Tests.Infrastructure;

/// <summary>DevVault in-process on real Kestrel (127.0.0.1, a free port), plus helpers to point clients at it.</summary>
public sealed class TestVault : IAsyncDisposable
{
    private readonly DevVaultServer _server;
    private bool _disposed;

    private TestVault(DevVaultServer server) => _server = server;

    public Uri Address => _server.Address;

    public string RootToken => _server.RootToken;

    public static async Task<TestVault> StartAsync(TimeProvider? timeProvider = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var server = await DevVaultServer.StartAsync(
            new DevServerOptions { ListenAddress = "127.0.0.1:0", RootToken = "root-" + Guid.NewGuid().ToString("N"), TimeProvider = timeProvider ?? TimeProvider.System },
            timeout.Token);
        return new TestVault(server);
    }

    /// <summary>A client that authenticates with the root token (administration in tests).</summary>
    public VaultClient CreateRootClient(Action<VaultClientOptions>? configure = null)
    {
        var options = new VaultClientOptions { AuthMethod = VaultDemo.VaultClient.Auth.TokenAuthMethod.FromValue(RootToken) };
        configure?.Invoke(options);
        return CreateClient(options);
    }

    public VaultClient CreateClient(VaultClientOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        options.Address ??= Address;
        return new VaultClient(new HttpClient(), options, timeProvider, loggerFactory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await _server.DisposeAsync();
        }
    }
}

/// <summary>One DevVault shared by the tests of a class; each test works under its own paths and names.</summary>
public sealed class DevVaultFixture : IAsyncLifetime
{
    private TestVault? _server;
    private VaultClient? _root;

    public TestVault Server => _server ?? throw new InvalidOperationException("DevVault is not started.");

    public VaultClient Root => _root ?? throw new InvalidOperationException("DevVault is not started.");

    public async Task InitializeAsync()
    {
        _server = await TestVault.StartAsync();
        _root = _server.CreateRootClient();
    }

    public async Task DisposeAsync()
    {
        _root?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A name unique to one test, so tests sharing a server never collide.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
