namespace DevVault.Tests.Server;

/// <summary><c>sys/init</c> bodies as the Vault CLI and hvac send them, and Vault's answers to each kind of mistake.</summary>
public sealed class InitTests : InMemoryServerTests
{
    [Theory]
    [InlineData("""{"secret_shares":5,"secret_threshold":3,"recovery_shares":5}""")]
    [InlineData("""{"secret_shares":5,"secret_threshold":3,"recovery_threshold":3}""")]
    [InlineData("""{"secret_shares":5,"secret_threshold":3,"recovery_pgp_keys":["a"]}""")]
    public async Task RecoveryParametersAreRefusedOnAShamirSeal(string body)
    {
        var reply = await Vault.Anonymous.PutAsync("sys/init", body);

        Assert.Equal(400, reply.Status);
        Assert.Equal(["parameters specific to auto unseal seals present"], reply.Errors);
        Assert.False((await Vault.Anonymous.GetAsync("sys/init")).Json!["initialized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task StoredSharesAreIgnoredAsAShamirSealAlwaysStoresOneKey()
    {
        var reply = (await Vault.Anonymous.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1, stored_shares = 1 })).Expect(200).Json!;

        Assert.Single(reply["keys"]!.AsArray());
    }

    [Fact]
    public async Task AWrongNumberOfPgpKeysIsRefusedInVaultsWords()
    {
        var reply = await Vault.Anonymous.PutAsync("sys/init", new { secret_shares = 3, secret_threshold = 2, pgp_keys = new[] { "a", "b" } });

        Assert.Equal(400, reply.Status);
        Assert.Equal(["incorrect number of PGP keys"], reply.Errors);
    }

    [Fact]
    public async Task AnInitialisedServerSaysSoBeforeAnythingAboutPgp()
    {
        await Vault.InitializeAsync(1, 1);

        var reply = await Vault.Anonymous.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1, pgp_keys = new[] { "a" } });

        Assert.Equal(400, reply.Status);
        Assert.Equal(["Vault is already initialized"], reply.Errors);
    }
}
