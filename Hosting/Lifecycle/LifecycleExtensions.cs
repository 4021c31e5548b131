using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VaultDemo.Hosting.Lifecycle;

public static class LifecycleExtensions
{
    /// <summary>
    /// Prints the start-up summary once everything is up, and stops the application with a clear message
    /// when a resource cannot start (see <see cref="StartupSummary"/>).
    /// </summary>
    public static IDistributedApplicationBuilder AddStartupSummary(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService(services => new StartupSummary(
            services.GetRequiredService<DistributedApplicationModel>(),
            services.GetRequiredService<ResourceNotificationService>(),
            services.GetRequiredService<IHostApplicationLifetime>(),
            Console.Out));
        return builder;
    }
}
