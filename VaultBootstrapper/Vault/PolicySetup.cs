using VaultDemo.VaultBootstrapper.Diagnostics;

namespace VaultDemo.VaultBootstrapper.Vault;

/// <summary>Writes each service's policy from <c>Policies/&lt;service&gt;.hcl</c> when Vault's copy differs.</summary>
public sealed class PolicySetup(VaultClient.VaultClient vault, ILogger<PolicySetup> logger)
{
    public async Task ApplyAsync(string service, CancellationToken cancellationToken)
    {
        var policy = EmbeddedText.Read($"Policies.{service}.hcl");
        var current = await vault.Admin.ReadPolicyAsync(service, cancellationToken);
        if (string.Equals(current?.Trim(), policy.Trim(), StringComparison.Ordinal))
        {
            Log.PolicyUnchanged(logger, service);
            return;
        }

        await vault.Admin.WritePolicyAsync(service, policy, cancellationToken);
        Log.PolicyWritten(logger, service);
    }
}
