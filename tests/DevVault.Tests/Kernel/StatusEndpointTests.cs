using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Kernel;

public sealed class StatusEndpointTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    [Fact]
    public async Task HealthIsARawBodyWithoutAToken()
    {
        var reply = (await Vault.GetAsync("sys/health", token: "")).Expect(200);
        Assert.True(reply.Json!["initialized"]!.GetValue<bool>());
        Assert.False(reply.Json!["sealed"]!.GetValue<bool>());
        Assert.Null(reply.Json!["request_id"]);
    }

    [Fact]
    public async Task HealthHonoursTheActiveCode()
    {
        (await Vault.GetAsync("sys/health?activecode=299", token: "")).Expect(299);
        (await Vault.GetAsync("sys/health?standbycode=abc", token: "")).Expect(400);
    }

    [Fact]
    public async Task HeadHealthHasTheStatusAndNoBody()
    {
        var reply = await Vault.SendAsync(HttpMethod.Head, "sys/health", null, token: "");
        Assert.Equal(200, reply.Status);
        Assert.Equal("", reply.Body);
    }

    [Fact]
    public async Task SealStatusAndInitReportAnUnsealedInitializedServer()
    {
        var seal = (await Vault.GetAsync("sys/seal-status", token: "")).Expect(200);
        Assert.False(seal.Json!["sealed"]!.GetValue<bool>());
        Assert.Equal(1, seal.Json!["t"]!.GetValue<int>());
        Assert.True((await Vault.GetAsync("sys/init", token: "")).Expect(200).Json!["initialized"]!.GetValue<bool>());
        var reinit = (await Vault.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1 }, token: "")).Expect(400);
        Assert.Equal("Vault is already initialized", reinit.Errors[0]);
    }

    [Fact]
    public async Task RandomBytesHonourCountAndFormat()
    {
        var hex = (await Vault.PostAsync("sys/tools/random/16", new { format = "hex" })).Expect(200);
        Assert.Equal(32, hex.Data!["random_bytes"]!.GetValue<string>().Length);
        var reply = (await Vault.PostAsync("sys/tools/random", new { bytes = 0 })).Expect(400);
        Assert.Equal("'bytes' cannot be less than 1", reply.Errors[0]);
    }

    [Fact]
    public async Task HashMatchesAKnownDigest()
    {
        var reply = (await Vault.PostAsync("sys/tools/hash/sha2-256", new { input = Convert.ToBase64String("abc"u8.ToArray()) })).Expect(200);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", reply.Data!["sum"]!.GetValue<string>());
    }
}
