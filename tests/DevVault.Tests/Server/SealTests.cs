using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Server;

/// <summary>Initialisation, unseal progress, seal, and the status codes a sealed or uninitialised server answers with.</summary>
public sealed class SealTests : IAsyncLifetime
{
    private ServerModeVault _vault = null!;

    public async Task InitializeAsync() => _vault = await ServerModeVault.StartAsync("storage \"inmem\" {}\n" + ServerModeVault.PlainListener);

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task AnUninitialisedServerSaysSoAndServesNothingElse()
    {
        var health = await _vault.Anonymous.GetAsync("sys/health");
        Assert.Equal(501, health.Status);
        Assert.False(health.Json!["initialized"]!.GetValue<bool>());
        Assert.Equal(200, (await _vault.Anonymous.GetAsync("sys/health?uninitcode=200")).Status);

        var status = (await _vault.Anonymous.GetAsync("sys/seal-status")).Expect(200).Json!;
        Assert.False(status["initialized"]!.GetValue<bool>());
        Assert.True(status["sealed"]!.GetValue<bool>());
        Assert.Equal("inmem", status["storage_type"]!.GetValue<string>());
        Assert.False((await _vault.Anonymous.GetAsync("sys/init")).Expect(200).Json!["initialized"]!.GetValue<bool>());

        var refused = await _vault.As("any-token").GetAsync("secret/data/x");
        Assert.Equal(503, refused.Status);
        Assert.Equal(["Vault is sealed"], refused.Errors);
    }

    [Fact]
    public async Task InitReturnsKeysAndRootTokenOnceAndLeavesTheServerSealed()
    {
        var reply = (await _vault.Anonymous.PutAsync("sys/init", new { secret_shares = 5, secret_threshold = 3 })).Expect(200).Json!;

        var keys = reply["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        var keysBase64 = reply["keys_base64"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        Assert.Equal(5, keys.Count);
        Assert.Equal(5, keys.Distinct().Count());
        Assert.Equal(keys, keysBase64.Select(k => Convert.ToHexStringLower(Convert.FromBase64String(k))));
        Assert.StartsWith("hvs.", reply["root_token"]!.GetValue<string>());

        var status = (await _vault.Anonymous.GetAsync("sys/seal-status")).Json!;
        Assert.True(status["initialized"]!.GetValue<bool>());
        Assert.True(status["sealed"]!.GetValue<bool>());
        Assert.Equal(3, status["t"]!.GetValue<int>());
        Assert.Equal(5, status["n"]!.GetValue<int>());
        Assert.Equal(503, (await _vault.Anonymous.GetAsync("sys/health")).Status);
        Assert.Equal(299, (await _vault.Anonymous.GetAsync("sys/health?sealedcode=299")).Status);

        var again = await _vault.Anonymous.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1 });
        Assert.Equal(400, again.Status);
        Assert.Equal(["Vault is already initialized"], again.Errors);
    }

    [Theory]
    [InlineData(3, 5, "threshold cannot be larger than shares")]
    [InlineData(3, 1, "threshold must be greater than one for multiple shares")]
    [InlineData(0, 0, "shares must be at least one")]
    [InlineData(256, 3, "shares must be less than 256")]
    public async Task InitRefusesAnInvalidSealConfiguration(int shares, int threshold, string problem)
    {
        var reply = await _vault.Anonymous.PutAsync("sys/init", new { secret_shares = shares, secret_threshold = threshold });

        Assert.Equal(400, reply.Status);
        Assert.Equal([$"invalid seal configuration: {problem}"], reply.Errors);
        Assert.False((await _vault.Anonymous.GetAsync("sys/init")).Json!["initialized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task InitRefusesPgpKeysClearly()
    {
        var reply = await _vault.Anonymous.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1, pgp_keys = new[] { "keybase:someone" } });

        Assert.Equal(400, reply.Status);
        Assert.Contains("pgp_keys", Assert.Single(reply.Errors));
    }

    [Fact]
    public async Task UnsealReportsProgressAndResets()
    {
        var (keys, _) = await _vault.InitializeAsync(5, 3);

        var first = (await _vault.Anonymous.PutAsync("sys/unseal", new { key = keys[0] })).Expect(200).Json!;
        Assert.True(first["sealed"]!.GetValue<bool>());
        Assert.Equal(1, first["progress"]!.GetValue<int>());
        var nonce = first["nonce"]!.GetValue<string>();
        Assert.NotEmpty(nonce);

        // The same key again does not count twice; the attempt keeps its nonce.
        var repeated = (await _vault.Anonymous.PutAsync("sys/unseal", new { key = keys[0] })).Expect(200).Json!;
        Assert.Equal(1, repeated["progress"]!.GetValue<int>());
        Assert.Equal(nonce, repeated["nonce"]!.GetValue<string>());

        var reset = (await _vault.Anonymous.PutAsync("sys/unseal", new { reset = true })).Expect(200).Json!;
        Assert.Equal(0, reset["progress"]!.GetValue<int>());
        Assert.Equal("", reset["nonce"]!.GetValue<string>());

        // Any three of the five, in any order and either encoding.
        await _vault.Anonymous.PutAsync("sys/unseal", new { key = keys[4] });
        await _vault.Anonymous.PutAsync("sys/unseal", new { key = Convert.ToBase64String(Convert.FromHexString(keys[2])) });
        var done = (await _vault.Anonymous.PutAsync("sys/unseal", new { key = keys[1] })).Expect(200).Json!;
        Assert.False(done["sealed"]!.GetValue<bool>());
        Assert.Equal(0, done["progress"]!.GetValue<int>());
        Assert.Equal(200, (await _vault.Anonymous.GetAsync("sys/health")).Status);
        Assert.Equal(204, (await _vault.Anonymous.GetAsync("sys/health?activecode=204")).Status);
    }

    [Fact]
    public async Task AWrongKeySetFailsAtTheThresholdAndResetsProgress()
    {
        var (keys, root) = await _vault.InitializeAsync(3, 2);
        string[] foreign;
        await using (var other = await ServerModeVault.StartAsync("storage \"inmem\" {}\n" + ServerModeVault.PlainListener))
        {
            foreign = [.. (await other.InitializeAsync(3, 2)).Keys];
        }

        (await _vault.Anonymous.PutAsync("sys/unseal", new { key = keys[0] })).Expect(200);
        var wrong = await _vault.Anonymous.PutAsync("sys/unseal", new { key = foreign[1] });
        Assert.Equal(400, wrong.Status);
        Assert.Equal(["unseal failed, invalid key"], wrong.Errors);

        var status = (await _vault.Anonymous.GetAsync("sys/seal-status")).Json!;
        Assert.True(status["sealed"]!.GetValue<bool>());
        Assert.Equal(0, status["progress"]!.GetValue<int>());
        Assert.Equal(400, (await _vault.Anonymous.PutAsync("sys/unseal", new { key = "not a key!" })).Status);

        await _vault.UnsealAsync([keys[2], keys[0]]);
        (await _vault.As(root).GetAsync("auth/token/lookup-self")).Expect(200);
        var reset = await _vault.Anonymous.PutAsync("sys/unseal", new { Reset = true });
        Assert.Equal(400, reset.Status);
        Assert.Equal(["vault is unsealed"], reset.Errors);
    }

    [Fact]
    public async Task SealNeedsSudoAndSealsEverything()
    {
        var (keys, root) = await _vault.InitializeAsync(1, 1);
        await _vault.UnsealAsync(keys);
        var admin = _vault.As(root);
        (await admin.PutAsync("sys/policies/acl/no-sudo", new { policy = """path "sys/seal" { capabilities = ["update"] }""" })).Expect(204);
        var token = (await admin.PostAsync("auth/token/create", new { policies = new[] { "no-sudo" } })).Expect(200).Auth!["client_token"]!.GetValue<string>();
        Assert.Equal(403, (await _vault.As(token).PutAsync("sys/seal")).Status);

        (await admin.PutAsync("sys/seal")).Expect(204);

        Assert.Equal(503, (await admin.GetAsync("auth/token/lookup-self")).Status);
        Assert.Equal(503, (await _vault.Anonymous.GetAsync("sys/health")).Status);
        await _vault.UnsealAsync(keys);
        (await admin.GetAsync("auth/token/lookup-self")).Expect(200);
        (await _vault.As(token).GetAsync("auth/token/lookup-self")).Expect(200);
    }
}
