using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.Hosting;

/// <summary>A host wired with AddVaultClient against DevVault: login at start, a truthful health check, revocation at stop.</summary>
public sealed class HostedClientTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task HostLogsInAtStartReportsHealthyAndRevokesItsTokenAtStop()
    {
        var login = new ChildTokenAuthMethod(vault.Root, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["services:vault:http:0"] = vault.Server.Address.ToString() });
        builder.AddVaultClient("vault", settings => settings.AuthMethod = login);
        using var host = builder.Build();

        await host.StartAsync();
        var client = host.Services.GetRequiredService<VaultClient>();
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var accessor = client.Token.Accessor;
        await host.StopAsync();

        Assert.Equal(1, login.Logins);
        Assert.Equal(HealthStatus.Healthy, health.Entries["vault"].Status);
        Assert.Contains(accessor!, health.Entries["vault"].Description, StringComparison.Ordinal);
        Assert.False(client.Token.HasValidToken);
    }

    [Fact]
    public async Task HealthCheckIsUnhealthyWhenVaultIsUnreachable()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:vault"] = "http://127.0.0.1:1", ["Vault:Auth:Token"] = "t", ["Vault:RequestTimeout"] = "00:00:05" });
        builder.AddVaultClient();
        using var host = builder.Build();

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, health.Entries["vault"].Status);
        Assert.Contains("sys/health", health.Entries["vault"].Description, StringComparison.Ordinal);
    }
}
