namespace VaultDemo.Hosting.References;

/// <summary>
/// References that tell a service where a server is and nothing more. Aspire's <c>WithReference</c> hands over the
/// server's admin login inside the connection string; a service whose credentials come from Vault must not hold it,
/// because a process's environment can be read from <c>/proc/&lt;pid&gt;/environ</c> and lands in crash dumps.
/// </summary>
public static class AddressOnlyReferenceExtensions
{
    /// <summary><c>ConnectionStrings__&lt;database&gt;</c> = <c>Host=…;Port=…;Database=…</c>, without a username or password.</summary>
    public static IResourceBuilder<T> WithDatabaseAddress<T>(this IResourceBuilder<T> service, IResourceBuilder<PostgresDatabaseResource> database)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(database);
        var server = database.Resource.Parent;
        return service
            .WithEnvironment($"ConnectionStrings__{database.Resource.Name}", ReferenceExpression.Create(
                $"Host={server.Host};Port={server.Port};Database={database.Resource.DatabaseName}"))
            .WithReferenceRelationship(database);
    }

    /// <summary><c>ConnectionStrings__&lt;broker&gt;</c> = <c>amqp://host:port</c>, without the broker's admin user.</summary>
    public static IResourceBuilder<T> WithBrokerAddress<T>(this IResourceBuilder<T> service, IResourceBuilder<RabbitMQServerResource> broker)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(broker);
        return service
            .WithEnvironment($"ConnectionStrings__{broker.Resource.Name}", ReferenceExpression.Create(
                $"amqp://{broker.Resource.Host}:{broker.Resource.Port}"))
            .WithReferenceRelationship(broker);
    }
}
