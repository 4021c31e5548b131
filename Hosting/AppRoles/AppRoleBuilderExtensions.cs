using Microsoft.Extensions.DependencyInjection;
using VaultDemo.Hosting.Diagnostics;
using VaultDemo.Hosting.Vault;
using VaultDemo.VaultClient;

namespace VaultDemo.Hosting.AppRoles;

/// <summary>
/// Vault's trusted-orchestrator pattern with the AppHost as the orchestrator: before every start of a service (the
/// first one, a dashboard Restart, a Start after a crash) the AppHost leaves it a fresh response-wrapped secret id,
/// so a service can be restarted alone while each secret id stays single-use, short-lived and never written unwrapped.
/// </summary>
public static class AppRoleBuilderExtensions
{
    /// <summary>
    /// The service logs in with the AppRole of its own name, which <paramref name="setup"/> creates. The service is told
    /// only where its two credential files are; the AppHost fills them before each start, with Vault's root token,
    /// which it already holds because it generated it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAppRole(
        this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<IVaultResource> vault,
        IResourceBuilder<IResource> setup)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(setup);

        var role = service.Resource.Name;
        var directory = service.ApplicationBuilder.GetResourceStateDirectory(role);
        return service
            .WithEnvironment("Vault__Auth__AppRole__RoleName", role)
            .WithEnvironment("Vault__Auth__AppRole__RoleIdFile", Path.Combine(directory, AppRoleCredentialDelivery.RoleIdFileName))
            .WithEnvironment("Vault__Auth__AppRole__SecretIdFile", Path.Combine(directory, AppRoleCredentialDelivery.SecretIdFileName))
            .WithEnvironment("Vault__Auth__AppRole__SecretIdIsWrapped", "true")
            .WaitForCompletion(setup)
            .OnBeforeResourceStarted(async (resource, @event, cancellationToken) =>
            {
                // Handlers run in the order they were added, and Aspire's own WaitFor handler comes later: wait for the
                // AppRole to exist (the setup has completed) here first.
                var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
                await notifications.WaitForDependenciesAsync(resource, cancellationToken).ConfigureAwait(false);

                var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
                // A client per delivery: deliveries are rare, and VaultClient binds the HttpClient it is given to one Vault
                // address, so one shared by every AppHost in a process (tests start several) would reach the wrong Vault.
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using var client = await RootClientAsync(vault.Resource, http, cancellationToken).ConfigureAwait(false);
                var accessor = await new AppRoleCredentialDelivery(client)
                    .DeliverAsync(role, directory, AppRoleCredentialDelivery.DefaultWrapTtl, cancellationToken).ConfigureAwait(false);
                Log.SecretIdDelivered(logger, role, accessor);
            });
    }

    private static async Task<VaultClient.VaultClient> RootClientAsync(IVaultResource vault, HttpClient http, CancellationToken cancellationToken)
    {
        var address = await vault.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var token = await vault.RootToken.GetValueAsync(cancellationToken).ConfigureAwait(false);
        return new VaultClient.VaultClient(http, new VaultClientOptions { Address = new Uri(address!), Auth = { Token = token } });
    }
}
