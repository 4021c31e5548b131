using System.Net;
using DevVault.Cli;
using DevVault.Http;
using DevVault.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DevVault.Hosting;

/// <summary>
/// A running DevVault: the same server <c>DevVault server -dev</c> starts, usable in-process by tests and benchmarks
/// (real Kestrel on loopback, port 0 for a free one).
/// </summary>
public sealed class DevVaultServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DevVaultServer(WebApplication app, Uri address, string rootToken)
    {
        _app = app;
        Address = address;
        RootToken = rootToken;
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:8200/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The root token (never printed by anything but the start banner).</summary>
    public string RootToken { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<DevVaultServer> StartAsync(DevServerOptions options, CancellationToken cancellationToken = default)
    {
        var endpoint = ParseListenAddress(options.ListenAddress);
        var rootToken = string.IsNullOrEmpty(options.RootToken) ? Core.Ids.ServiceToken() : options.RootToken;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DevVaultServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(endpoint);
            kestrel.Limits.MaxRequestBodySize = VaultHttpEndpoint.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddDevVault(options with { RootToken = rootToken });
        builder.Services.AddDevVaultTracing(builder.Configuration);

        var app = builder.Build();
        app.UseVaultRequestTracing();
        app.MapVaultApi();
        await app.Services.GetRequiredService<Core.VaultCore>().InitializeAsync(rootToken, cancellationToken);
        await app.StartAsync(cancellationToken);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevVaultServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"), rootToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IPEndPoint ParseListenAddress(string listenAddress)
    {
        var colon = listenAddress.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(listenAddress.AsSpan(colon + 1), out var port))
        {
            throw new ArgumentException($"-dev-listen-address must be host:port, got \"{listenAddress}\"", nameof(listenAddress));
        }

        var host = listenAddress[..colon].Trim('[', ']');
        var ip = host is "" or "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        return new IPEndPoint(ip, port);
    }
}
