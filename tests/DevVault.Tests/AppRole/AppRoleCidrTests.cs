using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.AppRole;

public sealed class AppRoleCidrTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>, IAsyncLifetime
{
    private VaultHttp Vault => fixture.Vault;

    public async Task InitializeAsync()
    {
        if ((await Vault.GetAsync("sys/auth")).Expect(200).Data!["approle/"] is null)
        {
            (await Vault.PostAsync("sys/auth/approle", new { type = "approle" })).Expect(204);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Role() => "cidr-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task ALoginMustSatisfyTheRolesBoundsAsWellAsTheSecretIds()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { secret_id_bound_cidrs = "127.0.0.0/8" })).Expect(204);
        var roleId = (await Vault.GetAsync($"auth/approle/role/{role}/role-id")).Expect(200).Data!["role_id"]!.GetValue<string>();
        var secretId = (await Vault.PostAsync($"auth/approle/role/{role}/secret-id", new { cidr_list = "127.0.0.1/32", num_uses = 5 })).Expect(200).Data!["secret_id"]!.GetValue<string>();
        (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = secretId }, token: "")).Expect(200);

        // The role is narrowed after the secret id was issued: the secret id's own list no longer suffices.
        (await Vault.PostAsync($"auth/approle/role/{role}", new { secret_id_bound_cidrs = "10.0.0.0/8" })).Expect(204);
        var denied = (await Vault.PostAsync("auth/approle/login", new { role_id = roleId, secret_id = secretId }, token: "")).Expect(400);
        Assert.Contains("unauthorized by CIDR restrictions on the role", denied.Errors[0]);
        Assert.Null(denied.Auth);
    }

    [Fact]
    public async Task ASecretIdBlockCountsAsInsideTheRolesOnlyWhenItIsWhollyInside()
    {
        var role = Role();
        (await Vault.PostAsync($"auth/approle/role/{role}", new { secret_id_bound_cidrs = "127.0.0.0/24" })).Expect(204);

        var wider = (await Vault.PostAsync($"auth/approle/role/{role}/secret-id", new { cidr_list = "127.0.0.0/16" })).Expect(400);
        Assert.Contains("not a subset of the role's secret_id_bound_cidrs", wider.Errors[0]);
        (await Vault.PostAsync($"auth/approle/role/{role}/secret-id", new { cidr_list = "127.0.0.0/25" })).Expect(200);
    }
}
