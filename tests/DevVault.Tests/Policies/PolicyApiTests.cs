using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Policies;

public sealed class PolicyApiTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    private async Task<string> TokenWithAsync(params string[] policies) =>
        (await Vault.PostAsync("auth/token/create", new { policies, ttl = "10m" })).Expect(200).Auth!["client_token"]!.GetValue<string>();

    [Fact]
    public async Task APolicyIsWrittenReadListedAndDeleted()
    {
        const string text = "path \"secret/data/x\" { capabilities = [\"read\"] }";
        (await Vault.PutAsync("sys/policies/acl/reader-x", new { policy = text })).Expect(204);

        Assert.Equal(text, (await Vault.GetAsync("sys/policies/acl/reader-x")).Expect(200).Data!["policy"]!.GetValue<string>());
        Assert.Equal(text, (await Vault.GetAsync("sys/policy/reader-x")).Expect(200).Data!["rules"]!.GetValue<string>());
        var keys = (await Vault.ListAsync("sys/policies/acl")).Expect(200).Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        Assert.Contains("reader-x", keys);
        Assert.Contains("root", keys);
        Assert.Contains("default", keys);

        (await Vault.DeleteAsync("sys/policies/acl/reader-x")).Expect(204);
        (await Vault.GetAsync("sys/policies/acl/reader-x")).Expect(404);
    }

    [Fact]
    public async Task BuiltInPoliciesAreProtected()
    {
        Assert.Equal("cannot update \"root\" policy", (await Vault.PutAsync("sys/policy/root", new { policy = "path \"a\" { capabilities = [\"read\"] }" })).Expect(400).Errors[0]);
        Assert.Equal("cannot delete \"root\" policy", (await Vault.DeleteAsync("sys/policy/root")).Expect(400).Errors[0]);
        Assert.Equal("cannot delete default policy", (await Vault.DeleteAsync("sys/policy/default")).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task AnUnparseablePolicyIsABadRequestThatChangesNothing()
    {
        var reply = (await Vault.PutAsync("sys/policies/acl/broken", new { policy = "path \"a\" { capabilities = " })).Expect(400);
        Assert.StartsWith("failed to parse policy: At ", reply.Errors[0]);
        (await Vault.GetAsync("sys/policies/acl/broken")).Expect(404);
        Assert.Equal("'policy' parameter not supplied or empty", (await Vault.PutAsync("sys/policies/acl/empty", new { policy = "" })).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task TokensAreAllowedExactlyWhatTheirPoliciesGrant()
    {
        (await Vault.PutAsync("sys/policies/acl/cubby-reader", new { policy = "path \"sys/mounts\" { capabilities = [\"read\"] }" })).Expect(204);
        var token = await TokenWithAsync("cubby-reader");

        (await Vault.GetAsync("sys/mounts", token)).Expect(200);
        (await Vault.GetAsync("sys/auth", token)).Expect(403);
        (await Vault.GetAsync("auth/token/lookup-self", token)).Expect(200);
    }

    [Fact]
    public async Task SudoProtectedPathsNeedSudo()
    {
        (await Vault.PutAsync("sys/policies/acl/no-sudo", new { policy = "path \"auth/token/accessors*\" { capabilities = [\"list\"] }" })).Expect(204);
        (await Vault.PutAsync("sys/policies/acl/with-sudo", new { policy = "path \"auth/token/accessors*\" { capabilities = [\"list\", \"sudo\"] }" })).Expect(204);

        (await Vault.ListAsync("auth/token/accessors", await TokenWithAsync("no-sudo"))).Expect(403);
        (await Vault.ListAsync("auth/token/accessors", await TokenWithAsync("with-sudo"))).Expect(200);
    }

    [Fact]
    public async Task ChildPoliciesMustBeASubsetOfTheParent()
    {
        (await Vault.PutAsync("sys/policies/acl/creator", new { policy = "path \"auth/token/create\" { capabilities = [\"update\"] }" })).Expect(204);
        var parent = await TokenWithAsync("creator");

        var reply = (await Vault.PostAsync("auth/token/create", new { policies = new[] { "admin" } }, parent)).Expect(400);
        Assert.Equal("child policies must be subset of parent", reply.Errors[0]);
        (await Vault.PostAsync("auth/token/create", new { policies = new[] { "creator" }, ttl = "1m" }, parent)).Expect(200);
        Assert.Equal("root or sudo privileges required to create orphan token", (await Vault.PostAsync("auth/token/create", new { no_parent = true }, parent)).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task CapabilitiesSelfReportsTheCallersCapabilities()
    {
        (await Vault.PutAsync("sys/policies/acl/caps", new { policy = "path \"secret/data/apps/*\" { capabilities = [\"create\", \"update\"] }" })).Expect(204);
        var token = await TokenWithAsync("caps");

        var reply = (await Vault.PostAsync("sys/capabilities-self", new { paths = new[] { "secret/data/apps/x" } }, token)).Expect(200);
        Assert.Equal(["create", "update"], reply.Data!["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.NotNull(reply.Json!["secret/data/apps/x"]);

        var root = (await Vault.PostAsync("sys/capabilities", new { token, paths = new[] { "sys/mounts" } })).Expect(200);
        Assert.Equal("deny", root.Data!["capabilities"]![0]!.GetValue<string>());
        var self = (await Vault.PostAsync("sys/capabilities-self", new { paths = new[] { "anything" } })).Expect(200);
        Assert.Equal("root", self.Data!["capabilities"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task TheDefaultPolicyGrantsLookupSelfAndCubbyhole()
    {
        var token = await TokenWithAsync("default");
        (await Vault.GetAsync("auth/token/lookup-self", token)).Expect(200);
        (await Vault.PostAsync("cubbyhole/mine", new { v = "1" }, token)).Expect(204);
        (await Vault.PostAsync("auth/token/create", new { ttl = "1m" }, token)).Expect(403);
    }
}
