using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.AppRole;

public sealed class AppRoleTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>, IAsyncLifetime
{
    private VaultHttp Vault => fixture.Vault;

    public async Task InitializeAsync()
    {
        var mounts = (await Vault.GetAsync("sys/auth")).Expect(200);
        if (mounts.Data!["approle/"] is null)
        {
            (await Vault.PostAsync("sys/auth/approle", new { type = "approle" })).Expect(204);
        }

        (await Vault.PutAsync("sys/policies/acl/app", new { policy = "path \"secret/data/app/*\" { capabilities = [\"read\", \"create\", \"update\"] }" })).Expect(204);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Role() => "role-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> RoleIdAsync(string role) =>
        (await Vault.GetAsync($"auth/approle/role/{role}/role-id")).Expect(200).Data!["role_id"]!.GetValue<string>();

    private async Task<string> SecretIdAsync(string role, object? body = null) =>
        (await Vault.PostAsync($"auth/approle/role/{role}/secret-id", body ?? new { })).Expect(200).Data!["secret_id"]!.GetValue<string>();

    [Fact]
    public async Task AWrappedSecretIdLogsInWithTheRolesPolicies()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { token_policies = "app", token_ttl = "20m", token_max_ttl = "1h" })).Expect(204);
        var roleId = await RoleIdAsync(role);

        var wrapped = (await Vault.PostAsync($"auth/approle/role/{role}/secret-id", new { metadata = "{\"service\":\"writer\"}" }, headers: new Dictionary<string, string> { ["X-Vault-Wrap-TTL"] = "120" })).Expect(200);
        var wrapInfo = wrapped.Json!["wrap_info"]!;
        Assert.Equal($"auth/approle/role/{role}/secret-id", wrapInfo["creation_path"]!.GetValue<string>());
        var secretId = (await Vault.PostAsync("sys/wrapping/unwrap", null, wrapInfo["token"]!.GetValue<string>())).Expect(200).Data!["secret_id"]!.GetValue<string>();

        var login = (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = secretId }, token: "")).Expect(200);
        var auth = login.Auth!;
        Assert.Equal(["app", "default"], auth["policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.Equal(1200, auth["lease_duration"]!.GetValue<int>());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(role, auth["metadata"]!["role_name"]!.GetValue<string>());
        Assert.Equal("writer", auth["metadata"]!["service"]!.GetValue<string>());
        Assert.Equal("approle", login.Json!["mount_type"]!.GetValue<string>());

        var token = auth["client_token"]!.GetValue<string>();
        (await Vault.PostAsync("secret/data/app/x", new { data = new { v = "1" } }, token)).Expect(200);
        (await Vault.GetAsync("sys/mounts", token)).Expect(403);
    }

    [Fact]
    public async Task BadCredentialsAreRejectedAlike()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { token_policies = "app" })).Expect(204);
        var roleId = await RoleIdAsync(role);

        Assert.Equal("invalid role or secret ID", (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = "wrong" }, token: "")).Expect(400).Errors[0]);
        Assert.Equal("invalid role or secret ID", (await Vault.PostAsync("auth/approle/login", new { role_id = "wrong", secret_id = "wrong" }, token: "")).Expect(400).Errors[0]);
        Assert.Equal("missing role_id", (await Vault.PostAsync("auth/approle/login", new { }, token: "")).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task ASecretIdRunsOutOfUses()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { token_policies = "app", secret_id_num_uses = 2 })).Expect(204);
        var roleId = await RoleIdAsync(role);
        var secretId = await SecretIdAsync(role);

        (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = secretId }, token: "")).Expect(200);
        (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = secretId }, token: "")).Expect(200);
        (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = secretId }, token: "")).Expect(400);
    }

    [Fact]
    public async Task ASecretIdBoundToAnotherNetworkCannotLogIn()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { token_policies = "app" })).Expect(204);
        var roleId = await RoleIdAsync(role);
        var elsewhere = await SecretIdAsync(role, new { cidr_list = "10.0.0.0/8" });
        var loopback = await SecretIdAsync(role, new { cidr_list = new[] { "127.0.0.0/8" } });

        var denied = (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = elsewhere }, token: "")).Expect(400);
        Assert.Contains("unauthorized through CIDR restrictions", denied.Errors[0]);
        (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = loopback }, token: "")).Expect(200);
    }

    [Fact]
    public async Task SecretIdsAreLookedUpAndDestroyedByValueOrAccessor()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { token_policies = "app", secret_id_ttl = "10m" })).Expect(204);
        var created = (await Vault.PostAsync($"auth/approle/role/{role}/secret-id", new { })).Expect(200).Data!;
        var secretId = created["secret_id"]!.GetValue<string>();
        var accessor = created["secret_id_accessor"]!.GetValue<string>();
        Assert.Equal(600, created["secret_id_ttl"]!.GetValue<int>());

        var byValue = (await Vault.PostAsync($"auth/approle/role/{role}/secret-id/lookup", new { secret_id = secretId })).Expect(200).Data!;
        Assert.Equal(accessor, byValue["secret_id_accessor"]!.GetValue<string>());
        (await Vault.PostAsync($"auth/approle/role/{role}/secret-id-accessor/lookup", new { secret_id_accessor = accessor })).Expect(200);
        Assert.Contains(accessor, (await Vault.ListAsync($"auth/approle/role/{role}/secret-id")).Expect(200).Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));

        (await Vault.PostAsync($"auth/approle/role/{role}/secret-id-accessor/destroy", new { secret_id_accessor = accessor })).Expect(204);
        (await Vault.PostAsync($"auth/approle/role/{role}/secret-id/lookup", new { secret_id = secretId })).Expect(204);
    }

    [Fact]
    public async Task RoleValidationErrorsAreReported()
    {
        var role = Role();
        Assert.Equal("'token_ttl' cannot be greater than 'token_max_ttl'", (await Vault.PostAsync($"auth/approle/role/{role}", new { token_ttl = "2h", token_max_ttl = "1h" })).Expect(400).Errors[0]);
        Assert.Equal("at least one constraint should be enabled on the role", (await Vault.PostAsync($"auth/approle/role/{role}", new { bind_secret_id = false })).Expect(400).Errors[0]);
        (await Vault.GetAsync($"auth/approle/role/{role}")).Expect(404);
    }

    [Fact]
    public async Task SecretIdLimitsCannotExceedTheRoles()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { secret_id_num_uses = 3, secret_id_ttl = "5m" })).Expect(204);
        (await Vault.PostAsync($"auth/approle/role/{role}/secret-id", new { num_uses = 4 })).Expect(400);
        (await Vault.PostAsync($"auth/approle/role/{role}/secret-id", new { ttl = "1h" })).Expect(400);
        (await Vault.PostAsync($"auth/approle/role/nope-{role}/secret-id", new { })).Expect(404);
    }

    [Fact]
    public async Task ARoleReadsBackWhatWasWritten()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { token_policies = new[] { "app" }, token_ttl = 300, secret_id_bound_cidrs = "127.0.0.1/32" })).Expect(204);
        var data = (await Vault.GetAsync($"auth/approle/role/{role}")).Expect(200).Data!;
        Assert.Equal(300, data["token_ttl"]!.GetValue<int>());
        Assert.Equal("app", data["token_policies"]![0]!.GetValue<string>());
        Assert.Equal("127.0.0.1/32", data["secret_id_bound_cidrs"]![0]!.GetValue<string>());
        Assert.Contains(role, (await Vault.ListAsync("auth/approle/role")).Expect(200).Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));

        (await Vault.PostAsync($"auth/approle/role/{role}/role-id", new { role_id = "custom-" + role })).Expect(204);
        Assert.Equal("custom-" + role, await RoleIdAsync(role));
        (await Vault.DeleteAsync($"auth/approle/role/{role}")).Expect(204);
        (await Vault.GetAsync($"auth/approle/role/{role}")).Expect(404);
    }
}
