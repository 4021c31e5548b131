using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultBootstrapper.Diagnostics;

namespace VaultDemo.VaultBootstrapper.Vault;

/// <summary>
/// One AppRole per service, bound to that service's policy only. Secret ids and tokens work only from loopback,
/// so a leaked secret-id file is useless from another machine. Secret ids do not expire: a service logs in again
/// with it at its token's max TTL, for as long as it runs.
/// </summary>
public sealed class AppRoleSetup(VaultClient.VaultClient vault, IOptions<BootstrapOptions> options, ILogger<AppRoleSetup> logger)
{
    public static readonly IReadOnlyList<string> LoopbackCidrs = ["127.0.0.1/32", "::1/128"];

    public async Task ApplyAsync(string service, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await vault.Admin.WriteAppRoleAsync(service, new AppRoleDefinition
        {
            TokenPolicies = [service],
            TokenTtl = VaultDuration.Parse(settings.TokenTtl, "Bootstrap:TokenTtl"),
            TokenMaxTtl = VaultDuration.Parse(settings.TokenMaxTtl, "Bootstrap:TokenMaxTtl"),
            TokenType = "service",
            BindSecretId = true,
            SecretIdBoundCidrs = LoopbackCidrs,
            TokenBoundCidrs = LoopbackCidrs,
        }, cancellationToken: cancellationToken);
        Log.AppRoleBound(logger, service, service);
    }
}
