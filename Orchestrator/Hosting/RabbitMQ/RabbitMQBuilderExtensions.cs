using Microsoft.Extensions.Diagnostics.HealthChecks;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Orchestration;

namespace VaultDemo.Orchestrator.Hosting.RabbitMQ;

public static class RabbitMQBuilderExtensions
{
    public const string DefaultUserName = "vaultdemo";

    /// <summary>
    /// A RabbitMQ broker run from Debian's <c>rabbitmq-server</c> (installed when missing and allowed), with a
    /// generated password parameter <c>&lt;name&gt;-password</c>. <c>ConnectionStrings:&lt;name&gt;</c> uses an existing broker.
    /// </summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        password ??= builder.AddParameter($"{name}-password", secret: true);
        var broker = new RabbitMQServerResource(name, DefaultUserName, password.Resource);
        broker.Annotations.Add(new EndpointAnnotation(RabbitMQServerResource.EndpointName, "tcp", port, targetEnvironmentVariable: null));
        broker.Annotations.Add(new LauncherAnnotation(new RabbitMQLauncher(broker)));
        return builder.AddResource(broker).WithHealthCheck("amqp", async cancellationToken =>
        {
            var uri = await broker.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false) is { } connectionString ? new Uri(connectionString) : null;
            var credentials = uri?.UserInfo.Split(':', 2).Select(Uri.UnescapeDataString).ToArray();
            return uri is not null && credentials is [var user, var password]
                && await AmqpProbe.CanConnectAsync(uri.Host, uri.Port, user, password, cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the broker does not accept an AMQP connection for its user");
        });
    }
}
