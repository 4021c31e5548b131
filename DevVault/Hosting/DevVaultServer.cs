using DevVault.Cli;
using DevVault.Configuration;
using DevVault.Http;
using DevVault.Seal;
using DevVault.Storage;
using DevVault.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DevVault.Hosting;

/// <summary>
/// A running DevVault: the same server the command line starts, usable in-process by tests and benchmarks
/// (real Kestrel on loopback, port 0 for a free one). Dev mode starts initialised and unsealed; server mode
/// starts sealed (or uninitialised) on its configured storage.
/// </summary>
public sealed class DevVaultServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PhysicalStorage _physical;

    private DevVaultServer(WebApplication app, PhysicalStorage physical, Uri address, string rootToken)
    {
        _app = app;
        _physical = physical;
        Address = address;
        RootToken = rootToken;
    }

    /// <summary>Base address of the first listener, e.g. <c>http://127.0.0.1:8200/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The dev server's root token (never printed by anything but the start banner); empty in server mode.</summary>
    public string RootToken { get; }

    /// <summary>What the physical storage is (<c>inmem</c>, <c>file</c>, <c>postgresql</c>).</summary>
    public string StorageType => _physical.Type;

    public IServiceProvider Services => _app.Services;

    public static async Task<DevVaultServer> StartAsync(DevServerOptions options, CancellationToken cancellationToken = default)
    {
        var config = options.Configuration;
        var rootToken = !options.IsDevMode ? "" : string.IsNullOrEmpty(options.RootToken) ? Core.Ids.ServiceToken() : options.RootToken;
        var physical = config is null ? PhysicalStorage.InMemory() : await PhysicalStorageFactory.OpenAsync(config.Storage, cancellationToken);
        var listeners = config?.Listeners ?? [new ListenerConfiguration { Address = options.ListenAddress, TlsDisable = true }];

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DevVaultServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        if (config?.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Logging.SetMinimumLevel(options.LogLevel);

        // ASP.NET Core logs every request line at info; DevVault's own logs say what matters, and request lines
        // would only repeat secret paths into every log the output reaches.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var listener in listeners)
            {
                ListenerEndpoint.Bind(kestrel, listener);
            }

            kestrel.Limits.MaxRequestBodySize = VaultHttpEndpoint.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddDevVault(options with { RootToken = rootToken }, physical);
        builder.Services.AddDevVaultTracing(builder.Configuration);

        var app = builder.Build();
        app.UseVaultRequestTracing();
        app.MapVaultApi();
        if (options.IsDevMode)
        {
            await app.Services.GetRequiredService<SealManager>().StartDevAsync(rootToken, cancellationToken);
        }

        await app.StartAsync(cancellationToken);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevVaultServer(app, physical, new Uri(bound.EndsWith('/') ? bound : bound + "/"), rootToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_physical.Backend is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
