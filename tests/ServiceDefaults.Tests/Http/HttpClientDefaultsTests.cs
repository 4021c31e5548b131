using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VaultDemo.VaultClient;

namespace VaultDemo.ServiceDefaults.Tests.Http;

/// <summary>Every HttpClient gets the standard resilience handler and service discovery, except VaultClient's, which must not retry.</summary>
public sealed class HttpClientDefaultsTests
{
    [Fact(Timeout = 60_000)]
    public async Task AnyClientRetriesATransientFailure()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await ScriptedServer.StartAsync(cancellationToken, 503, 503);
        using var host = BuildHost();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("any-client");

        using var response = await client.GetAsync(server.Address, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Requests);
    }

    [Fact(Timeout = 60_000)]
    public async Task AClientFindsAServiceByItsNameInTheAppHostsServiceConfiguration()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await ScriptedServer.StartAsync(cancellationToken);
        using var host = BuildHost(builder => builder.Configuration["services:downstream:http:0"] = server.Address.ToString());
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        using var response = await client.GetAsync("http://downstream/", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact(Timeout = 60_000)]
    public async Task VaultClientsCallsAreNeverRetriedByTheStandardHandler()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var vault = await ScriptedServer.StartAsync(cancellationToken, 503, 503);
        using var host = BuildHost(builder => builder.AddVaultClient("vault", options =>
        {
            options.Address = vault.Address;
            options.Auth.Token = "unused-by-sys-health";
        }));
        var client = host.Services.GetRequiredService<VaultClient.VaultClient>();

        await Assert.ThrowsAsync<VaultApiException>(() => client.Sys.GetHealthAsync(cancellationToken));

        Assert.Equal(1, vault.Requests);
    }

    private static IHost BuildHost(Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        return builder.Build();
    }
}
