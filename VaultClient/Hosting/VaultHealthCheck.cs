using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VaultDemo.VaultClient.Hosting;

/// <summary>Healthy when Vault is initialized, unsealed and active, and our own token is still accepted.</summary>
internal sealed class VaultHealthCheck(VaultClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var health = await client.Sys.GetHealthAsync(cancellationToken).ConfigureAwait(false);
            if (!health.IsActive)
            {
                return HealthCheckResult.Unhealthy($"Vault is not serving requests (initialized: {health.Initialized}, sealed: {health.Sealed}, standby: {health.Standby}).");
            }

            if (!client.Token.HasValidToken)
            {
                return HealthCheckResult.Unhealthy("Vault is up, but this service holds no valid token (login failed or the token expired).");
            }

            var lookup = await client.Auth.LookupSelfAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Vault {health.Version}; token accessor {lookup.Accessor} valid for {lookup.Ttl}s.");
        }
        catch (VaultApiException e)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
    }
}
