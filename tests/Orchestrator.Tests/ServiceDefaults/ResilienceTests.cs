using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly.CircuitBreaker;
using VaultDemo.ServiceDefaults;
using VaultDemo.ServiceDefaults.Resilience;

namespace VaultDemo.Orchestrator.Tests.ServiceDefaults;

public sealed class ResilienceTests
{
    [Fact]
    public async Task EveryHttpClientRetriesATransientFailureOfASafeRequest()
    {
        await using var server = await ScriptedServer.StartAsync(503, 503);
        using var host = ServiceHost();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("any-client");

        using var response = await client.GetAsync(server.Address, TestTimeout.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task AWriteIsNeverRetriedBecauseVaultWritesAreNotIdempotent()
    {
        await using var server = await ScriptedServer.StartAsync(503);
        using var host = ServiceHost();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        using var response = await client.PutAsync(server.Address, new StringContent("{}"), TestTimeout.Token());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task AClientErrorIsNotRetried()
    {
        await using var server = await ScriptedServer.StartAsync(404);
        using var host = ServiceHost();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        using var response = await client.GetAsync(server.Address, TestTimeout.Token());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task TheCircuitOpensForAFailingServerOnly()
    {
        await using var failing = await ScriptedServer.StartAsync([.. Enumerable.Repeat(500, 1000)]);
        await using var healthy = await ScriptedServer.StartAsync();
        var options = new HttpResilienceOptions { MaxRetryAttempts = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1), CircuitBreakerMinimumThroughput = 4 };
        using var host = ServiceHost(options);
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        var opened = false;
        for (var attempt = 0; attempt < 20 && !opened; attempt++)
        {
            try
            {
                using var _ = await client.GetAsync(failing.Address, TestTimeout.Token());
            }
            catch (BrokenCircuitException)
            {
                opened = true;
            }
        }

        Assert.True(opened, "the breaker should open after repeated 500s");
        var requestsWhenOpen = failing.Requests;
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync(failing.Address, TestTimeout.Token()));
        Assert.Equal(requestsWhenOpen, failing.Requests);
        using var other = await client.GetAsync(healthy.Address, TestTimeout.Token());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private static IHost ServiceHost(HttpResilienceOptions? options = null)
    {
        var builder = Host.CreateApplicationBuilder();
        if (options is not null)
        {
            builder.Services.AddSingleton(options);
        }

        builder.AddServiceDefaults();
        return builder.Build();
    }
}
