using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using VaultDemo.VaultClient.Database;

namespace VaultDemo.VaultClient.Hosting;

/// <summary>Healthy when a connection with the current Vault-issued credentials opens and answers; names the user (safe to show).</summary>
internal sealed class VaultNpgsqlDataSourceHealthCheck(VaultNpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PostgreSQL answers as {dataSource.CurrentUsername} ({dataSource.Rotations} credential rotations).");
        }
        catch (Exception e) when (e is NpgsqlException or VaultApiException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL unreachable with Vault-issued credentials: {e.Message}", e);
        }
    }
}
