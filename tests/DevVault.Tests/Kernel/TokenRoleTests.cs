using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Kernel;

public sealed class TokenRoleTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    private static string Name() => "role-" + Guid.NewGuid().ToString("N")[..8];

    private static List<string> Strings(System.Text.Json.Nodes.JsonNode? array) => [.. array!.AsArray().Select(p => p!.GetValue<string>())];

    [Fact]
    public async Task ARoleIsWrittenReadListedAndDeleted()
    {
        var name = Name();
        (await Vault.PostAsync($"auth/token/roles/{name}", new { allowed_policies = "web,App", orphan = true, token_period = "1h", token_type = "default-service" })).Expect(204);

        var data = (await Vault.GetAsync($"auth/token/roles/{name}")).Expect(200).Data!;
        Assert.Equal(["web", "app"], Strings(data["allowed_policies"]));
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.Equal(3600, data["token_period"]!.GetValue<long>());
        Assert.Equal(3600, data["period"]!.GetValue<long>());
        Assert.Equal("default-service", data["token_type"]!.GetValue<string>());
        Assert.True(data["renewable"]!.GetValue<bool>());
        Assert.Equal(name, data["name"]!.GetValue<string>());

        Assert.Contains(name, Strings((await Vault.ListAsync("auth/token/roles")).Expect(200).Data!["keys"]));

        (await Vault.DeleteAsync($"auth/token/roles/{name}")).Expect(204);
        (await Vault.GetAsync($"auth/token/roles/{name}")).Expect(404);
    }

    [Fact]
    public async Task ATokenFromARoleGetsTheRolesPoliciesPeriodAndOrphanhood()
    {
        var name = Name();
        (await Vault.PostAsync($"auth/token/roles/{name}", new { allowed_policies = new[] { "web", "db" }, orphan = true, token_period = "30m", renewable = true })).Expect(204);

        var auth = (await Vault.PostAsync($"auth/token/create/{name}", new { })).Expect(200).Auth!;
        Assert.Equal(["db", "default", "web"], Strings(auth["policies"]).Order());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(1800, auth["lease_duration"]!.GetValue<int>());

        var lookup = (await Vault.PostAsync("auth/token/lookup", new { token = auth["client_token"]!.GetValue<string>() })).Expect(200).Data!;
        Assert.Equal(name, lookup["role"]!.GetValue<string>());
        Assert.Equal($"auth/token/create/{name}", lookup["path"]!.GetValue<string>());
        Assert.Equal(1800, lookup["period"]!.GetValue<long>());
    }

    [Fact]
    public async Task ARoleLimitsWhichPoliciesATokenMayAskFor()
    {
        var name = Name();
        (await Vault.PostAsync($"auth/token/roles/{name}", new { allowed_policies = new[] { "web" }, allowed_policies_glob = new[] { "team-*" } })).Expect(204);

        var narrowed = (await Vault.PostAsync($"auth/token/create/{name}", new { policies = new[] { "team-blue" } })).Expect(200).Auth!;
        Assert.Equal(["default", "team-blue"], Strings(narrowed["policies"]).Order());

        var refused = (await Vault.PostAsync($"auth/token/create/{name}", new { policies = new[] { "admin" } })).Expect(400);
        Assert.Equal("token policies ([\"admin\"]) must be subset of the role's allowed policies ([\"web\"])", refused.Errors[0]);
        Assert.Null(refused.Auth);
    }

    [Fact]
    public async Task ARolesDisallowedPoliciesAreRefused()
    {
        var name = Name();
        (await Vault.PostAsync($"auth/token/roles/{name}", new { disallowed_policies = "admin" })).Expect(204);

        var refused = (await Vault.PostAsync($"auth/token/create/{name}", new { policies = new[] { "web", "admin" } })).Expect(400);
        Assert.Equal("token policy \"admin\" is disallowed by this role", refused.Errors[0]);
    }

    [Fact]
    public async Task ARoleCanMakeTokensUnrenewableWithAHardCap()
    {
        var name = Name();
        (await Vault.PostAsync($"auth/token/roles/{name}", new { renewable = false, token_explicit_max_ttl = "10m" })).Expect(204);

        var auth = (await Vault.PostAsync("auth/token/create", new { role_name = name, ttl = "1h" })).Expect(200).Auth!;
        Assert.False(auth["renewable"]!.GetValue<bool>());
        Assert.Equal(600, auth["lease_duration"]!.GetValue<int>());
        var token = auth["client_token"]!.GetValue<string>();
        (await Vault.PostAsync("auth/token/renew-self", new { }, token)).Expect(400);
    }

    [Fact]
    public async Task CreatingFromARoleNeedsUpdateOnThatRolesPathOnly()
    {
        var name = Name();
        (await Vault.PostAsync($"auth/token/roles/{name}", new { allowed_policies = "web", orphan = true })).Expect(204);
        (await Vault.PutAsync("sys/policies/acl/role-user", new { policy = $$"""path "auth/token/create/{{name}}" { capabilities = ["update"] }""" })).Expect(204);
        var caller = (await Vault.PostAsync("auth/token/create", new { policies = new[] { "role-user" } })).Expect(200).Auth!["client_token"]!.GetValue<string>();

        // An orphan with a policy the caller does not hold: allowed through the role, not through plain create.
        var auth = (await Vault.PostAsync($"auth/token/create/{name}", new { }, caller)).Expect(200).Auth!;
        Assert.True(auth["orphan"]!.GetValue<bool>());
        (await Vault.PostAsync("auth/token/create", new { policies = new[] { "web" } }, caller)).Expect(403);
    }

    [Fact]
    public async Task AnUnknownRoleAndBadRoleFieldsAreRefused()
    {
        var unknown = (await Vault.PostAsync("auth/token/create/no-such-role", new { })).Expect(400);
        Assert.Equal("unknown role no-such-role", unknown.Errors[0]);

        var name = Name();
        (await Vault.PostAsync($"auth/token/roles/{name}", new { token_type = "weird" })).Expect(400);
        (await Vault.GetAsync($"auth/token/roles/{name}")).Expect(404);
    }
}
