namespace VaultDemo.AppHost;

/// <summary>
/// How the AppHost wires the bootstrapper to the services: it tells the bootstrapper where each service's private
/// directory is, and tells each service only the paths of the two files it will find there. No credential passes
/// through the AppHost's configuration.
/// </summary>
internal static class VaultBootstrapExtensions
{
    private const string RoleIdFile = "role-id";
    private const string SecretIdFile = "secret-id";

    /// <summary>Vault's file audit log, in Vault's own state directory.</summary>
    public static IResourceBuilder<ProjectResource> WithVaultAuditLog(this IResourceBuilder<ProjectResource> bootstrapper, IResourceBuilder<IVaultResource> vault) =>
        bootstrapper.WithEnvironment("Bootstrap__AuditLogPath", Path.Combine(bootstrapper.ApplicationBuilder.GetResourceStateDirectory(vault.Resource.Name), "audit.log"));

    /// <summary>Lifetimes of the services' tokens and database users, as AppHost parameters tests can shorten.</summary>
    public static IResourceBuilder<ProjectResource> WithCredentialLifetimes(this IResourceBuilder<ProjectResource> bootstrapper)
    {
        var builder = bootstrapper.ApplicationBuilder;
        return bootstrapper
            .WithEnvironment("Bootstrap__DatabaseCredentialTtl", builder.AddParameterWithDefault("db-ttl", "1h"))
            .WithEnvironment("Bootstrap__DatabaseCredentialMaxTtl", builder.AddParameterWithDefault("db-max-ttl", "24h"))
            .WithEnvironment("Bootstrap__TokenTtl", builder.AddParameterWithDefault("token-ttl", "1h"))
            .WithEnvironment("Bootstrap__TokenMaxTtl", builder.AddParameterWithDefault("token-max-ttl", "24h"));
    }

    /// <summary>
    /// The service logs in with the AppRole of its own name, whose credentials <paramref name="bootstrapper"/> leaves in
    /// the service's private directory (the secret id response-wrapped, unwrapped once by the service at start).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAppRoleFrom(this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> bootstrapper)
    {
        var name = service.Resource.Name;
        var directory = service.ApplicationBuilder.GetResourceStateDirectory(name);
        bootstrapper.WithEnvironment($"Bootstrap__ServiceDirectories__{name}", directory);
        return service
            .WithEnvironment("Vault__Auth__AppRole__RoleName", name)
            .WithEnvironment("Vault__Auth__AppRole__RoleIdFile", Path.Combine(directory, RoleIdFile))
            .WithEnvironment("Vault__Auth__AppRole__SecretIdFile", Path.Combine(directory, SecretIdFile))
            .WithEnvironment("Vault__Auth__AppRole__SecretIdIsWrapped", "true")
            .WaitForCompletion(bootstrapper);
    }
}
