using System.Text;
using DevVault.Storage;
using DevVault.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DevVault.Tests.Kernel;

public sealed class KeyringTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    [Fact]
    public async Task RotationInstallsANewTermAndOldValuesStayReadable()
    {
        (await Vault.PostAsync("secret/data/keyring/before", new { data = new { v = "written-in-the-old-term" } })).Expect(200);
        var before = (await Vault.GetAsync("sys/key-status")).Expect(200);
        var term = before.Data!["term"]!.GetValue<int>();
        Assert.Equal(term, before.Json!["term"]!.GetValue<int>());
        Assert.True(before.Data!["encryptions"]!.GetValue<long>() > 0);
        Assert.True(DateTimeOffset.TryParse(before.Data!["install_time"]!.GetValue<string>(), out _));

        (await Vault.PostAsync("sys/rotate")).Expect(204);

        Assert.Equal(term + 1, (await Vault.GetAsync("sys/key-status")).Expect(200).Data!["term"]!.GetValue<int>());
        Assert.Equal("written-in-the-old-term", (await Vault.GetAsync("secret/data/keyring/before")).Expect(200).Data!["data"]!["v"]!.GetValue<string>());
        (await Vault.PostAsync("secret/data/keyring/after", new { data = new { v = "new" } })).Expect(200);
        Assert.Equal("new", (await Vault.GetAsync("secret/data/keyring/after")).Expect(200).Data!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task RotateNeedsSudo()
    {
        (await Vault.PutAsync("sys/policies/acl/rotator", new { policy = """path "sys/rotate" { capabilities = ["update"] }""" })).Expect(204);
        var token = (await Vault.PostAsync("auth/token/create", new { policies = new[] { "rotator" } })).Expect(200).Auth!["client_token"]!.GetValue<string>();

        (await Vault.PostAsync("sys/rotate", null, token)).Expect(403);
    }

    [Fact]
    public async Task StoredValuesAreCipherTextBoundToTheirPath()
    {
        var keyring = fixture.Server.Services.GetRequiredService<Keyring>();
        var physical = new InMemoryStorage();
        var barrier = new BarrierStorage(physical, keyring);

        await barrier.PutAsync("a/b", Encoding.UTF8.GetBytes("plain secret value"));

        var stored = (await physical.GetAsync("a/b"))!;
        Assert.DoesNotContain("plain secret value", Encoding.UTF8.GetString(stored));
        Assert.Equal("plain secret value", Encoding.UTF8.GetString((await barrier.GetAsync("a/b"))!));
        await physical.PutAsync("c/d", stored);
        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(async () => await barrier.GetAsync("c/d"));
    }
}
