using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using VaultDemo.VaultClient.Hosting;
using VaultDemo.VaultClient.RabbitMq;

namespace Microsoft.Extensions.Hosting;

public static class VaultRabbitMqHostingExtensions
{
    /// <summary>
    /// Registers <see cref="VaultRabbitMqCredentials"/> for <paramref name="role"/>, also as RabbitMQ.Client's
    /// <see cref="ICredentialsProvider"/>, so a bus configured from the container connects as a leased broker user that
    /// Vault created, renewed and replaced underneath it. Call <c>AddVaultClient</c> first.
    /// </summary>
    public static IHostApplicationBuilder AddVaultRabbitMqCredentials(this IHostApplicationBuilder builder, string role, string mount = "rabbitmq")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentException.ThrowIfNullOrWhiteSpace(mount);

        builder.Services.TryAddSingleton(sp => new VaultRabbitMqCredentials(
            sp.GetRequiredService<VaultDemo.VaultClient.VaultClient>(),
            role,
            mount,
            sp.GetRequiredService<ILogger<VaultRabbitMqCredentials>>()));
        builder.Services.TryAddSingleton<ICredentialsProvider>(sp => sp.GetRequiredService<VaultRabbitMqCredentials>());
        builder.Services.AddHostedService<VaultRabbitMqCredentialsService>();
        return builder;
    }
}
