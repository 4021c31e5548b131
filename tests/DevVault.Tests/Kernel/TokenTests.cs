using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Kernel;

public sealed class TokenTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    private async Task<(string Token, string Accessor)> CreateAsync(object body, string? parent = null, string path = "auth/token/create")
    {
        var auth = (await Vault.PostAsync(path, body, parent)).Expect(200).Auth!;
        return (auth["client_token"]!.GetValue<string>(), auth["accessor"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACreatedTokenReportsItsTtlAndParent()
    {
        var reply = (await Vault.PostAsync("auth/token/create", new { ttl = "1h", display_name = "web", meta = new { team = "a" } })).Expect(200);
        var auth = reply.Auth!;
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        Assert.False(auth["orphan"]!.GetValue<bool>());
        Assert.StartsWith("hvs.", auth["client_token"]!.GetValue<string>());

        var lookup = (await Vault.GetAsync("auth/token/lookup-self", auth["client_token"]!.GetValue<string>())).Expect(200).Data!;
        Assert.Equal("token-web", lookup["display_name"]!.GetValue<string>());
        Assert.Equal("a", lookup["meta"]!["team"]!.GetValue<string>());
        Assert.InRange(lookup["ttl"]!.GetValue<long>(), 3590, 3600);
    }

    [Fact]
    public async Task TheRootTokenNeverExpires()
    {
        var lookup = (await Vault.GetAsync("auth/token/lookup-self")).Expect(200).Data!;
        Assert.Equal(0, lookup["ttl"]!.GetValue<long>());
        Assert.Null(lookup["expire_time"]);
        Assert.Equal("root", lookup["policies"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task LookupByAccessorHidesTheTokenId()
    {
        var (_, accessor) = await CreateAsync(new { ttl = "10m" });
        var data = (await Vault.PostAsync("auth/token/lookup-accessor", new { accessor })).Expect(200).Data!;
        Assert.Equal("", data["id"]!.GetValue<string>());
        Assert.Equal(accessor, data["accessor"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokingAParentRevokesItsChildren()
    {
        var (parent, _) = await CreateAsync(new { ttl = "1h" });
        var (child, _) = await CreateAsync(new { ttl = "1h" }, parent);

        (await Vault.PostAsync("auth/token/revoke", new { token = parent })).Expect(204);

        (await Vault.GetAsync("auth/token/lookup-self", child)).Expect(403);
    }

    [Fact]
    public async Task RevokeOrphanKeepsTheChildrenAlive()
    {
        var (parent, _) = await CreateAsync(new { ttl = "1h" });
        var (child, _) = await CreateAsync(new { ttl = "1h" }, parent);

        (await Vault.PostAsync("auth/token/revoke-orphan", new { token = parent })).Expect(204);

        var lookup = (await Vault.GetAsync("auth/token/lookup-self", child)).Expect(200).Data!;
        Assert.True(lookup["orphan"]!.GetValue<bool>());
        (await Vault.GetAsync("auth/token/lookup-self", parent)).Expect(403);
    }

    [Fact]
    public async Task CreateOrphanMakesAnOrphan()
    {
        var reply = (await Vault.PostAsync("auth/token/create-orphan", new { ttl = "5m" })).Expect(200);
        Assert.True(reply.Auth!["orphan"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UseLimitedTokensStopWorkingAfterTheirLastUse()
    {
        var (token, _) = await CreateAsync(new { ttl = "1h", num_uses = 2 });

        var first = (await Vault.GetAsync("auth/token/lookup-self", token)).Expect(200).Data!;
        Assert.Equal(1, first["num_uses"]!.GetValue<int>());
        (await Vault.GetAsync("auth/token/lookup-self", token)).Expect(200);
        (await Vault.GetAsync("auth/token/lookup-self", token)).Expect(403);
    }

    [Fact]
    public async Task UseLimitedTokensCannotCreateChildren()
    {
        var (token, _) = await CreateAsync(new { ttl = "1h", num_uses = 5 });
        var reply = (await Vault.PostAsync("auth/token/create", new { ttl = "1m" }, token)).Expect(400);
        Assert.Equal("restricted use token cannot generate child tokens", reply.Errors[0]);
    }

    [Fact]
    public async Task RenewalIsCappedByTheExplicitMaxTtlWithAWarning()
    {
        var (token, _) = await CreateAsync(new { ttl = "10m", explicit_max_ttl = "20m" });

        var reply = (await Vault.PostAsync("auth/token/renew-self", new { increment = "1h" }, token)).Expect(200);

        Assert.InRange(reply.Auth!["lease_duration"]!.GetValue<long>(), 1190, 1200);
        Assert.Contains("capped", reply.Json!["warnings"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidCreationParametersAreRejected()
    {
        (await Vault.PostAsync("auth/token/create", new { num_uses = -1 })).Expect(400);
        (await Vault.PostAsync("auth/token/create", new { id = "has.dot" })).Expect(400);
        (await Vault.PostAsync("auth/token/create", new { type = "nonsense" })).Expect(400);
    }

    [Fact]
    public async Task AccessorListingShowsCreatedTokens()
    {
        var (_, accessor) = await CreateAsync(new { ttl = "10m" });
        var keys = (await Vault.ListAsync("auth/token/accessors")).Expect(200).Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>());
        Assert.Contains(accessor, keys);
    }

    [Fact]
    public async Task RevokeSelfEndsTheToken()
    {
        var (token, _) = await CreateAsync(new { ttl = "10m" });
        (await Vault.PostAsync("auth/token/revoke-self", null, token)).Expect(204);
        (await Vault.GetAsync("auth/token/lookup-self", token)).Expect(403);
    }
}
