using DevVault.Cli;
using DevVault.Configuration;
using DevVault.Hosting;
using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DevVault.Tests.Server;

/// <summary>
/// A DevVault started in server mode, in-process, from configuration text (as <c>server -config</c> reads it), with
/// helpers to initialise and unseal it through the HTTP API. Stop it and start another on the same storage to
/// test a restart.
/// </summary>
public sealed class ServerModeVault : IAsyncDisposable
{
    private readonly DevVaultServer _server;
    private readonly HttpClient _http;

    private ServerModeVault(DevVaultServer server, HttpClient http)
    {
        _server = server;
        _http = http;
        Anonymous = new VaultHttp(http, "");
    }

    public DevVaultServer Server => _server;

    /// <summary>A caller with no token (status, init, unseal).</summary>
    public VaultHttp Anonymous { get; }

    public VaultHttp As(string token) => new(_http, token);

    /// <summary>A listener block on a free loopback port, plain HTTP.</summary>
    public const string PlainListener = """
        listener "tcp" {
          address     = "127.0.0.1:0"
          tls_disable = true
        }
        """;

    public static async Task<ServerModeVault> StartAsync(string configText, TimeProvider? time = null, Action<IServiceCollection>? configureServices = null)
    {
        var configuration = ServerConfigurationReader.Read([], configText);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var server = await DevVaultServer.StartAsync(
            new DevServerOptions { Configuration = configuration, TimeProvider = time ?? TimeProvider.System, ConfigureServices = configureServices },
            timeout.Token);
        return new ServerModeVault(server, new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary><c>sys/init</c>; returns the hex keys and the root token.</summary>
    public async Task<(IReadOnlyList<string> Keys, string RootToken)> InitializeAsync(int shares = 5, int threshold = 3)
    {
        var reply = (await Anonymous.PutAsync("sys/init", new { secret_shares = shares, secret_threshold = threshold })).Expect(200);
        var keys = reply.Json!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        return (keys, reply.Json!["root_token"]!.GetValue<string>());
    }

    /// <summary>Enters <paramref name="keys"/> one by one and asserts the server is unsealed after the last.</summary>
    public async Task UnsealAsync(IEnumerable<string> keys)
    {
        VaultReply? last = null;
        foreach (var key in keys)
        {
            last = (await Anonymous.PutAsync("sys/unseal", new { key })).Expect(200);
        }

        Assert.False(last!.Json!["sealed"]!.GetValue<bool>(), $"still sealed: {last.Body}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }
}
