using DevVault.Cli;
using DevVault.Configuration;
using DevVault.Hosting;

namespace VaultDemo.Bench.Server;

/// <summary>
/// An in-process DevVault in server mode on the given storage, initialised and unsealed through the HTTP API, with
/// KV v2 mounted at <c>secret/</c> and an HttpClient that carries the root token.
/// </summary>
internal sealed class UnsealedVault : IAsyncDisposable
{
    private readonly DevVaultServer _server;

    private UnsealedVault(DevVaultServer server, HttpClient http)
    {
        _server = server;
        Http = http;
    }

    public HttpClient Http { get; }

    public string StorageType => _server.StorageType;

    public static async Task<UnsealedVault> StartAsync(string storageStanza, CancellationToken cancellationToken)
    {
        var configuration = ServerConfigurationReader.Read([], storageStanza + "\n" + ServerConfig.Listener(0));
        var server = await DevVaultServer.StartAsync(new DevServerOptions { Configuration = configuration }, cancellationToken);
        var http = new HttpClient { BaseAddress = server.Address };
        var vault = new UnsealedVault(server, http);
        try
        {
            await SealApi.InitializeWithKvAsync(http, cancellationToken);
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
        Http.Dispose();
        await _server.DisposeAsync();
    }
}
