using VaultDemo.Hosting.AppRoles;

namespace VaultDemo.AppHost;

/// <summary>
/// How the AppHost wires the bootstrapper to the services and the infrastructure. The bootstrapper is the one process
/// besides Vault and the servers themselves that holds an administrator login; services get addresses only.
/// </summary>
internal static class VaultBootstrapExtensions
{
    /// <summary>
    /// Vault's file audit log, in Vault's own persistent state directory when the AppHost runs Vault: Vault keeps the
    /// audit device, path included, in its storage, and refuses requests it cannot audit, so the path must outlive the
    /// run. An existing Vault's audit devices are its operators' to choose (a path here may not even exist on its
    /// host), so none is set up there.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithVaultAuditLog(this IResourceBuilder<ProjectResource> bootstrapper, IResourceBuilder<IVaultResource> vault) =>
        vault.Resource is ExistingVaultResource
            ? bootstrapper
            : bootstrapper.WithEnvironment("Bootstrap__AuditLogPath", Path.Combine(bootstrapper.ApplicationBuilder.GetPersistentStateDirectory(vault.Resource.Name), "audit.log"));

    /// <summary>
    /// The broker's administrator login and management API, which Vault's RabbitMQ engine creates the services' users
    /// through. No wait for the broker, the slowest server to start: the bootstrapper only writes Vault's engine
    /// configuration, and the broker is first called when a service asks for its user.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBrokerAdministration(this IResourceBuilder<ProjectResource> bootstrapper, IResourceBuilder<RabbitMQServerResource> broker) =>
        bootstrapper
            .WithReference(broker)
            .WithEnvironment("Bootstrap__BrokerConnectionName", broker.Resource.Name)
            .WithEnvironment("Bootstrap__BrokerManagementUri", broker.Resource.ManagementEndpoint);

    /// <summary>Lifetimes of the services' tokens, database users and broker users, as AppHost parameters tests can shorten.</summary>
    public static IResourceBuilder<ProjectResource> WithCredentialLifetimes(this IResourceBuilder<ProjectResource> bootstrapper)
    {
        var builder = bootstrapper.ApplicationBuilder;
        return bootstrapper
            .WithEnvironment("Bootstrap__DatabaseCredentialTtl", builder.AddParameterWithDefault("db-ttl", "1h"))
            .WithEnvironment("Bootstrap__DatabaseCredentialMaxTtl", builder.AddParameterWithDefault("db-max-ttl", "24h"))
            .WithEnvironment("Bootstrap__BrokerCredentialTtl", builder.AddParameterWithDefault("broker-ttl", "1h"))
            .WithEnvironment("Bootstrap__BrokerCredentialMaxTtl", builder.AddParameterWithDefault("broker-max-ttl", "24h"))
            .WithEnvironment("Bootstrap__TokenTtl", builder.AddParameterWithDefault("token-ttl", "1h"))
            .WithEnvironment("Bootstrap__TokenMaxTtl", builder.AddParameterWithDefault("token-max-ttl", "24h"));
    }

    /// <summary>
    /// The service logs in with the AppRole of its own name: <paramref name="bootstrapper"/> sets the role up (policy,
    /// database role, broker role), and the AppHost delivers a fresh login before every start of the service.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAppRoleFrom(this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> bootstrapper, IResourceBuilder<IVaultResource> vault)
    {
        bootstrapper.WithEnvironment($"Bootstrap__Services__{service.Resource.Name}", "true");
        return service.WithAppRole(vault, bootstrapper);
    }
}
