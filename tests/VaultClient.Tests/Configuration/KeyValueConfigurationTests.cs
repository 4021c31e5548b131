using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Configuration;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.Configuration;

public sealed class KeyValueConfigurationTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task SecretBecomesConfigurationAndReloadsWhenItsVersionChanges()
    {
        var path = DevVaultFixture.Unique("settings");
        await vault.Root.KeyValue.WriteAsync(path, new { timeout = "5", nested = new { flag = true } });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = vault.Server.CreateClient(new VaultClientOptions { AuthMethod = TokenAuthMethod.FromValue(vault.Server.RootToken) }, time);
        var configuration = new ConfigurationBuilder()
            .AddVaultKeyValue(client, path, o => { o.Prefix = "Secrets"; o.ReloadInterval = TimeSpan.FromSeconds(30); })
            .Build();
        var reloaded = 0;
        using var subscription = Microsoft.Extensions.Primitives.ChangeToken.OnChange(configuration.GetReloadToken, () => Interlocked.Increment(ref reloaded));

        Assert.Equal("5", configuration["Secrets:timeout"]);
        Assert.Equal("true", configuration["Secrets:nested:flag"]);

        await vault.Root.KeyValue.WriteAsync(path, new { timeout = "7" });
        time.Advance(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => configuration["Secrets:timeout"] == "7", "the configuration to reload version 2");

        Assert.Null(configuration["Secrets:nested:flag"]);
        Assert.Equal(1, Volatile.Read(ref reloaded));
        var provider = ((IConfigurationRoot)configuration).Providers.OfType<VaultKeyValueConfigurationProvider>().Single();
        Assert.Equal(2, provider.Version);
        Assert.False(await provider.PollAsync());
    }

    [Fact]
    public void MissingSecretFailsConfigurationUnlessOptional()
    {
        var path = DevVaultFixture.Unique("absent");

        var missing = Assert.Throws<InvalidOperationException>(() => new ConfigurationBuilder().AddVaultKeyValue(vault.Root, path, o => o.ReloadInterval = TimeSpan.Zero).Build());
        var optional = new ConfigurationBuilder().AddVaultKeyValue(vault.Root, path, o => { o.ReloadInterval = TimeSpan.Zero; o.Optional = true; }).Build();

        Assert.Contains(path, missing.Message, StringComparison.Ordinal);
        Assert.Empty(optional.AsEnumerable());
    }
}
