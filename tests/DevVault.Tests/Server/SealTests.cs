using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Server;

/// <summary>Initialisation, unseal progress, seal, and the status codes a sealed or uninitialised server answers with.</summary>
public sealed class SealTests : InMemoryServerTests
{
    [Fact]
    public async Task AnUninitialisedServerSaysSoAndServesNothingElse()
    {
        var health = await Vault.Anonymous.GetAsync("sys/health");
        Assert.Equal(501, health.Status);
        Assert.False(health.Json!["initialized"]!.GetValue<bool>());
        Assert.Equal(200, (await Vault.Anonymous.GetAsync("sys/health?uninitcode=200")).Status);

        var status = (await Vault.Anonymous.GetAsync("sys/seal-status")).Expect(200).Json!;
        Assert.False(status["initialized"]!.GetValue<bool>());
        Assert.True(status["sealed"]!.GetValue<bool>());
        Assert.Equal("inmem", status["storage_type"]!.GetValue<string>());
        Assert.False((await Vault.Anonymous.GetAsync("sys/init")).Expect(200).Json!["initialized"]!.GetValue<bool>());

        var refused = await Vault.As("any-token").GetAsync("secret/data/x");
        Assert.Equal(503, refused.Status);
        Assert.Equal(["Vault is sealed"], refused.Errors);
    }

    [Fact]
    public async Task InitReturnsKeysAndRootTokenOnceAndLeavesTheServerSealed()
    {
        var reply = (await Vault.Anonymous.PutAsync("sys/init", new { secret_shares = 5, secret_threshold = 3 })).Expect(200).Json!;

        var keys = reply["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        var keysBase64 = reply["keys_base64"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        Assert.Equal(5, keys.Count);
        Assert.Equal(5, keys.Distinct().Count());
        Assert.Equal(keys, keysBase64.Select(k => Convert.ToHexStringLower(Convert.FromBase64String(k))));
        Assert.StartsWith("hvs.", reply["root_token"]!.GetValue<string>());

        var status = (await Vault.Anonymous.GetAsync("sys/seal-status")).Json!;
        Assert.True(status["initialized"]!.GetValue<bool>());
        Assert.True(status["sealed"]!.GetValue<bool>());
        Assert.Equal(3, status["t"]!.GetValue<int>());
        Assert.Equal(5, status["n"]!.GetValue<int>());
        Assert.Equal(503, (await Vault.Anonymous.GetAsync("sys/health")).Status);
        Assert.Equal(299, (await Vault.Anonymous.GetAsync("sys/health?sealedcode=299")).Status);

        var again = await Vault.Anonymous.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1 });
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
        var reply = await Vault.Anonymous.PutAsync("sys/init", new { secret_shares = shares, secret_threshold = threshold });

        Assert.Equal(400, reply.Status);
        Assert.Equal([$"invalid seal configuration: {problem}"], reply.Errors);
        Assert.False((await Vault.Anonymous.GetAsync("sys/init")).Json!["initialized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task InitRefusesPgpKeysClearly()
    {
        var reply = await Vault.Anonymous.PutAsync("sys/init", new { secret_shares = 1, secret_threshold = 1, pgp_keys = new[] { "keybase:someone" } });

        Assert.Equal(400, reply.Status);
        Assert.Contains("pgp_keys", Assert.Single(reply.Errors));
    }

    [Fact]
    public async Task UnsealReportsProgressAndResets()
    {
        var (keys, _) = await Vault.InitializeAsync(5, 3);

        var first = (await Vault.Anonymous.PutAsync("sys/unseal", new { key = keys[0] })).Expect(200).Json!;
        Assert.True(first["sealed"]!.GetValue<bool>());
        Assert.Equal(1, first["progress"]!.GetValue<int>());
        var nonce = first["nonce"]!.GetValue<string>();
        Assert.NotEmpty(nonce);

        // The same key again does not count twice; the attempt keeps its nonce.
        var repeated = (await Vault.Anonymous.PutAsync("sys/unseal", new { key = keys[0] })).Expect(200).Json!;
        Assert.Equal(1, repeated["progress"]!.GetValue<int>());
        Assert.Equal(nonce, repeated["nonce"]!.GetValue<string>());

        var reset = (await Vault.Anonymous.PutAsync("sys/unseal", new { reset = true })).Expect(200).Json!;
        Assert.Equal(0, reset["progress"]!.GetValue<int>());
        Assert.Equal("", reset["nonce"]!.GetValue<string>());

        // Any three of the five, in any order and either encoding.
        await Vault.Anonymous.PutAsync("sys/unseal", new { key = keys[4] });
        await Vault.Anonymous.PutAsync("sys/unseal", new { key = Convert.ToBase64String(Convert.FromHexString(keys[2])) });
        var done = (await Vault.Anonymous.PutAsync("sys/unseal", new { key = keys[1] })).Expect(200).Json!;
        Assert.False(done["sealed"]!.GetValue<bool>());
        Assert.Equal(0, done["progress"]!.GetValue<int>());
        Assert.Equal(200, (await Vault.Anonymous.GetAsync("sys/health")).Status);
        Assert.Equal(204, (await Vault.Anonymous.GetAsync("sys/health?activecode=204")).Status);
    }

    [Fact]
    public async Task AWrongKeySetFailsAtTheThresholdAndResetsProgress()
    {
        var (keys, root) = await Vault.InitializeAsync(3, 2);
        string[] foreign;
        await using (var other = await ServerModeVault.StartAsync("storage \"inmem\" {}\n" + ServerModeVault.PlainListener))
        {
            foreign = [.. (await other.InitializeAsync(3, 2)).Keys];
        }

        (await Vault.Anonymous.PutAsync("sys/unseal", new { key = keys[0] })).Expect(200);
        var wrong = await Vault.Anonymous.PutAsync("sys/unseal", new { key = foreign[1] });
        Assert.Equal(400, wrong.Status);
        Assert.Equal(["unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed"], wrong.Errors);

        var status = (await Vault.Anonymous.GetAsync("sys/seal-status")).Json!;
        Assert.True(status["sealed"]!.GetValue<bool>());
        Assert.Equal(0, status["progress"]!.GetValue<int>());
        Assert.Equal(400, (await Vault.Anonymous.PutAsync("sys/unseal", new { key = "not a key!" })).Status);

        await Vault.UnsealAsync([keys[2], keys[0]]);
        (await Vault.As(root).GetAsync("auth/token/lookup-self")).Expect(200);
        var reset = await Vault.Anonymous.PutAsync("sys/unseal", new { Reset = true });
        Assert.Equal(400, reset.Status);
        Assert.Equal(["vault is unsealed"], reset.Errors);
    }

    [Fact]
    public async Task AKeyOfTheWrongSizeIsRefusedWithoutCountingTowardsTheThreshold()
    {
        var (keys, _) = await Vault.InitializeAsync(3, 2);
        (await Vault.Anonymous.PutAsync("sys/unseal", new { key = keys[0] })).Expect(200);

        // "abcd" is hex for two bytes, too short to be a share, so Vault reads it as base64 (three bytes) instead.
        await ExpectUnsealRefusedAsync(new { key = "abcd" }, 400, "invalid key: key is shorter than minimum 16 bytes");
        await ExpectUnsealRefusedAsync(new { key = Convert.ToBase64String(new byte[34]) }, 400, "invalid key: key is longer than maximum 33 bytes");
        Assert.Equal(1, await UnsealProgressAsync());
    }

    [Fact]
    public async Task SharesThatCannotBeCombinedAreAnInvalidKeyInVaultsWords()
    {
        var (keys, _) = await Vault.InitializeAsync(3, 2);
        (await Vault.Anonymous.PutAsync("sys/unseal", new { key = keys[0] })).Expect(200);

        await ExpectUnsealRefusedAsync(new { key = Convert.ToHexStringLower(new byte[32]) }, 400, "invalid key: failed to compute combined key: all parts must be the same length");
        Assert.Equal(0, await UnsealProgressAsync());
    }

    [Fact]
    public async Task ASingleKeyThatIsNoAesKeyIsRefusedAsVaultRefusesIt()
    {
        await Vault.InitializeAsync(1, 1);

        await ExpectUnsealRefusedAsync(new { key = Convert.ToHexStringLower(new byte[33]) }, 400, "invalid key: failed to setup unseal key: crypto/aes: invalid key size 33");
    }

    [Fact]
    public async Task MigrateWithoutAMigrationSealFailsAndCountsNothing()
    {
        var (keys, _) = await Vault.InitializeAsync(3, 2);

        await ExpectUnsealRefusedAsync(new { key = keys[0], migrate = true }, 500, "can't perform a seal migration, no migration seal found");
        Assert.Equal(0, await UnsealProgressAsync());
    }

    [Fact]
    public async Task SealingASealedServerSucceedsWithoutAToken()
    {
        await Vault.InitializeAsync(1, 1);

        (await Vault.Anonymous.PutAsync("sys/seal")).Expect(204);
    }

    [Fact]
    public async Task TheStatusEndpointsRefuseOtherMethodsWithAnEmptyErrorList()
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, "sys/unseal"), (HttpMethod.Put, "sys/seal-status"), (HttpMethod.Delete, "sys/init"), (HttpMethod.Head, "sys/seal-status"), (HttpMethod.Get, "sys/seal") })
        {
            var reply = await Vault.Anonymous.SendAsync(method, path, null);

            Assert.True(reply.Status == 405, $"{method} {path}: {reply.Status} {reply.Body}");
            Assert.True(method == HttpMethod.Head || reply.Body.Trim() == """{"errors":[]}""", $"{method} {path}: {reply.Body}");
        }
    }

    [Fact]
    public async Task SealNeedsSudoAndSealsEverything()
    {
        var (keys, root) = await Vault.InitializeAsync(1, 1);
        await Vault.UnsealAsync(keys);
        var admin = Vault.As(root);
        (await admin.PutAsync("sys/policies/acl/no-sudo", new { policy = """path "sys/seal" { capabilities = ["update"] }""" })).Expect(204);
        var token = (await admin.PostAsync("auth/token/create", new { policies = new[] { "no-sudo" } })).Expect(200).Auth!["client_token"]!.GetValue<string>();
        Assert.Equal(403, (await Vault.As(token).PutAsync("sys/seal")).Status);

        (await admin.PutAsync("sys/seal")).Expect(204);

        Assert.Equal(503, (await admin.GetAsync("auth/token/lookup-self")).Status);
        Assert.Equal(503, (await Vault.Anonymous.GetAsync("sys/health")).Status);
        await Vault.UnsealAsync(keys);
        (await admin.GetAsync("auth/token/lookup-self")).Expect(200);
        (await Vault.As(token).GetAsync("auth/token/lookup-self")).Expect(200);
    }

    private async Task ExpectUnsealRefusedAsync(object body, int status, string error)
    {
        var reply = await Vault.Anonymous.PutAsync("sys/unseal", body);
        Assert.Equal(status, reply.Status);
        Assert.Equal([error], reply.Errors);
    }

    private async Task<int> UnsealProgressAsync() => (await Vault.Anonymous.GetAsync("sys/seal-status")).Json!["progress"]!.GetValue<int>();
}
