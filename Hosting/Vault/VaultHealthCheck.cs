using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VaultDemo.Hosting.Vault;

/// <summary>
/// Healthy when <c>GET /v1/sys/health</c> answers 200: initialised, unsealed and active. Standby (429),
/// sealed (503) and uninitialised (501) are unhealthy, so nothing that waits for Vault starts against one.
/// </summary>
internal sealed class VaultHealthCheck(IVaultResource vault, HttpClient http) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var address = await vault.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
        if (address is null)
        {
            return HealthCheckResult.Unhealthy("Vault has no address yet.");
        }

        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(address), "/v1/sys/health"), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"GET /v1/sys/health answered {(int)response.StatusCode}."));
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy($"Vault at {address} does not answer.", exception);
        }
    }
}
