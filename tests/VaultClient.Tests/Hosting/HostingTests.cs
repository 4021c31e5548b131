using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace VaultDemo.VaultClient.Tests.Hosting;

/// <summary>Registration and start-time validation; needs no server because validation fails before anything is sent.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task MissingAddressStopsTheHostNamingEveryKeyThatWouldSetIt()
    {
        using var host = Build(new Dictionary<string, string?> { ["Vault:Auth:Token"] = "t" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Vault:Address", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:vault", failure.Message, StringComparison.Ordinal);
        Assert.Contains("services:vault:http:0", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppRoleWithoutASecretIdStopsTheHostNamingTheKey()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:vault"] = "http://127.0.0.1:1",
            ["Vault:Auth:AppRole:RoleIdFile"] = "/run/secrets/role-id",
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Vault:Auth:AppRole:SecretIdFile", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ConnectionStrings:vault", "http://127.0.0.1:8201")]
    [InlineData("ConnectionStrings:vault", "Endpoint=http://127.0.0.1:8201")]
    [InlineData("services:vault:http:0", "http://127.0.0.1:8201")]
    public void AddressIsTakenFromAspireConventions(string key, string value)
    {
        using var host = Build(new Dictionary<string, string?> { [key] = value, ["Vault:Auth:Token"] = "t" });

        var options = host.Services.GetRequiredService<IOptions<VaultClientOptions>>().Value;

        Assert.Equal(new Uri("http://127.0.0.1:8201"), options.Address);
        Assert.Equal(new Uri("http://127.0.0.1:8201/v1/"), VaultClient.ApiBase(options.Address!));
    }

    [Fact]
    public void VaultSectionWinsOverConventionsAndCodeWinsOverBoth()
    {
        using var host = Build(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:vault"] = "http://127.0.0.1:1111",
                ["Vault:Address"] = "http://127.0.0.1:2222",
                ["Vault:LatestReadCacheDuration"] = "00:00:03",
                ["Vault:Auth:Token"] = "t",
            },
            settings => settings.Namespace = "team-a");

        var options = host.Services.GetRequiredService<IOptions<VaultClientOptions>>().Value;

        Assert.Equal(new Uri("http://127.0.0.1:2222"), options.Address);
        Assert.Equal(TimeSpan.FromSeconds(3), options.LatestReadCacheDuration);
        Assert.Equal("team-a", options.Namespace);
    }

    [Fact]
    public void HealthCheckIsRegisteredUnlessDisabled()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:vault"] = "http://127.0.0.1:1", ["Vault:Auth:Token"] = "t" };
        using var withCheck = Build(settings);
        using var withoutCheck = Build(settings, s => s.DisableHealthChecks = true);

        Assert.Contains(withCheck.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "vault");
        Assert.DoesNotContain(withoutCheck.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "vault");
    }

    [Fact]
    public async Task RotatingDataSourceWithoutADatabaseStopsTheHostNamingTheKey()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:vault"] = "http://127.0.0.1:1", ["Vault:Auth:Token"] = "t" });
        builder.AddVaultClient();
        builder.AddVaultNpgsqlDataSource("postgres", role: "writer");
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings:postgres", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RotatingDataSourceIsAlsoTheApplicationsDbDataSource()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:vault"] = "http://127.0.0.1:1",
            ["Vault:Auth:Token"] = "t",
            ["ConnectionStrings:postgres"] = "Host=127.0.0.1;Port=5432;Database=app;Username=postgres;Password=admin-password",
        });
        builder.AddVaultClient();
        builder.AddVaultNpgsqlDataSource("postgres", role: "writer");
        using var host = builder.Build();

        var dataSource = host.Services.GetRequiredService<VaultDemo.VaultClient.Database.VaultNpgsqlDataSource>();

        Assert.Same(dataSource, host.Services.GetRequiredService<System.Data.Common.DbDataSource>());
        Assert.DoesNotContain("admin-password", dataSource.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("postgres", dataSource.ConnectionString, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> configuration, Action<VaultClientOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddVaultClient("vault", configure);
        return builder.Build();
    }
}
