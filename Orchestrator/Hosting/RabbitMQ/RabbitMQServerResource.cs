using System.Globalization;
using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Hosting.RabbitMQ;

/// <summary>A RabbitMQ broker: its user, password parameter and AMQP endpoint.</summary>
public sealed class RabbitMQServerResource(string name, string userName, ParameterResource password) : Resource(name), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public string UserName { get; } = userName;

    public ParameterResource Password { get; } = password;

    public EndpointAnnotation Endpoint => Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == EndpointName);

    /// <summary>An AMQP URI, as Aspire gives RabbitMQ clients (<c>amqp://user:password@host:port</c>).</summary>
    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Annotations.OfType<ExternalResourceAnnotation>().FirstOrDefault()?.ConnectionString
            ?? (Endpoint.AllocatedPort is { } port
                ? string.Create(CultureInfo.InvariantCulture, $"amqp://{Uri.EscapeDataString(UserName)}:{Uri.EscapeDataString(Password.Value)}@127.0.0.1:{port}/")
                : null));
}
