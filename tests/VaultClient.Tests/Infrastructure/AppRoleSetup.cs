using VaultDemo.VaultClient.Admin;

namespace VaultDemo.VaultClient.Tests.Infrastructure;

/// <summary>An AppRole with its own policy on a DevVault, created through the admin API the bootstrapper uses.</summary>
internal sealed record AppRoleSetup(string Mount, string RoleName, string RoleId, string Policy, string SecretPath)
{
    public static async Task<AppRoleSetup> CreateAsync(VaultClient root, Func<string, AppRoleDefinition>? role = null, string? extraPolicy = null)
    {
        var mount = "approle";
        await root.Admin.EnableAuthMethodAsync(mount, "approle");
        var roleName = DevVaultFixture.Unique("svc");
        var secretPath = DevVaultFixture.Unique("data");
        var policy = roleName + "-policy";
        await root.Admin.WritePolicyAsync(policy, $$"""
            path "secret/data/{{secretPath}}/*" { capabilities = ["create", "read", "update"] }
            path "secret/metadata/{{secretPath}}/*" { capabilities = ["read", "list"] }
            {{extraPolicy}}
            """);
        await root.Admin.WriteAppRoleAsync(roleName, role?.Invoke(policy) ?? new AppRoleDefinition { TokenPolicies = [policy], TokenTtl = TimeSpan.FromMinutes(5), TokenMaxTtl = TimeSpan.FromMinutes(10) }, mount);
        var roleId = await root.Admin.GetRoleIdAsync(roleName, mount);
        return new AppRoleSetup(mount, roleName, roleId, policy, secretPath);
    }
}
