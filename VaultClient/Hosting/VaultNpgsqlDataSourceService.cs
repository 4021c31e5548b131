using Microsoft.Extensions.Hosting;
using VaultDemo.VaultClient.Database;

namespace VaultDemo.VaultClient.Hosting;

/// <summary>Runs the rotating data source's lease lifecycle for the lifetime of the host.</summary>
internal sealed class VaultNpgsqlDataSourceService(VaultNpgsqlDataSource dataSource) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dataSource.RunAsync(stoppingToken);
}
