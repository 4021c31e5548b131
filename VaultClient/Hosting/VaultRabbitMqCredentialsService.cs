using Microsoft.Extensions.Hosting;
using VaultDemo.VaultClient.RabbitMq;

namespace VaultDemo.VaultClient.Hosting;

/// <summary>Runs the broker user's lease lifecycle for the lifetime of the host.</summary>
internal sealed class VaultRabbitMqCredentialsService(VaultRabbitMqCredentials credentials) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => credentials.RunAsync(stoppingToken);
}
