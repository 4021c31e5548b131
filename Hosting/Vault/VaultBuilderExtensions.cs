using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VaultDemo.Hosting.Vault;

public static class VaultBuilderExtensions
{
    /// <summary>
    /// Vault, in the first of three forms that applies:
    /// <list type="number">
    /// <item>an existing server, when the connection string <c>ConnectionStrings:&lt;name&gt;</c> gives its address: nothing
    /// is started, and its root token comes from the parameter <c>Parameters:&lt;name&gt;-root-token</c>;</item>
    /// <item>the <c>vault</c> or <c>bao</c> binary on PATH, in dev mode on loopback;</item>
    /// <item><paramref name="devVault"/> (the DevVault project) with the same flags.</item>
    /// </list>
    /// A server the AppHost starts gets a generated root token (the secret parameter <c>&lt;name&gt;-root-token</c>) in
    /// <c>VAULT_DEV_ROOT_TOKEN_ID</c>, never on a command line. Healthy when <c>GET /v1/sys/health</c> answers 200.
    /// </summary>
    public static IResourceBuilder<IVaultResource> AddVault(this IDistributedApplicationBuilder builder, string name, IProjectMetadata devVault)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(devVault);

        var vault = builder.Configuration.GetConnectionString(name) is { Length: > 0 } address
            ? builder.AddExistingVault(name, address)
            : builder.AddDevServer(name, devVault);

        // A client of its own rather than IHttpClientFactory's, whose request logging would fill the console every 5 s.
        var healthCheckKey = $"{name}-sys-health";
        var healthClient = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new VaultHealthCheck(vault.Resource, healthClient),
            failureStatus: null,
            tags: null));
        return vault.WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// Gives <paramref name="resource"/> Vault's root token in <c>VAULT_TOKEN</c>, as the Vault CLI reads it.
    /// Only what sets Vault up should ever need this.
    /// </summary>
    public static IResourceBuilder<T> WithRootToken<T>(this IResourceBuilder<T> resource, IResourceBuilder<IVaultResource> vault)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(vault);
        return resource.WithEnvironment("VAULT_TOKEN", vault.Resource.RootToken);
    }

    private static IResourceBuilder<IVaultResource> AddExistingVault(this IDistributedApplicationBuilder builder, string name, string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new DistributedApplicationException(
                $"The connection string '{name}' must be the address of an existing Vault, such as https://vault.example.com:8200; it is '{address}'.");
        }

        // No default: the operator of that Vault hands the token over (user secrets, an environment variable).
        var rootToken = builder.AddParameter($"{name}-root-token", secret: true);
        return builder.AddResource(new ExistingVaultResource(name, uri, rootToken.Resource))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Vault",
                Properties = [],
                Urls = [new UrlSnapshot("address", uri.ToString(), IsInternal: false)],
            })
            // Nothing to start: "running" from the first moment, healthy once the server answers.
            .OnInitializeResource((resource, @event, _) => @event.Notifications.PublishUpdateAsync(
                resource, snapshot => snapshot with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow }));
    }

    private static IResourceBuilder<IVaultResource> AddDevServer(this IDistributedApplicationBuilder builder, string name, IProjectMetadata devVault)
    {
        var rootToken = builder.AddParameter($"{name}-root-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        var binary = VaultDefaults.Binaries.Select(ExecutableSearch.Find).FirstOrDefault(path => path is not null);
        if (binary is not null)
        {
            var server = new VaultServerResource(name, binary, rootToken.Resource);
            return builder.AddResource(server).InDevMode(server.HttpEndpoint, rootToken);
        }

        var project = new DevVaultResource(name, rootToken.Resource);
#pragma warning disable ASPIREPROJECTS001 // The one way to run a project as a resource type of our own (experimental in 13.6).
        return builder.AddResource(project)
            .WithAnnotation(devVault)
            .WithProjectDefaults(new ProjectResourceOptions { ExcludeLaunchProfile = true })
            .InDevMode(project.HttpEndpoint, rootToken);
#pragma warning restore ASPIREPROJECTS001
    }

    private static IResourceBuilder<T> InDevMode<T>(this IResourceBuilder<T> server, EndpointReference endpoint, IResourceBuilder<ParameterResource> rootToken)
        where T : IResourceWithEndpoints, IResourceWithArgs, IResourceWithEnvironment =>
        server
            // Not behind DCP's proxy: with Vault stopped, the proxy would accept connections and never answer, so a
            // client would wait for its timeout instead of being refused at once and failing over to its own handling.
            .WithHttpEndpoint(name: VaultDefaults.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("server");
                context.Args.Add("-dev");
                context.Args.Add(ReferenceExpression.Create($"-dev-listen-address=127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
            })
            .WithEnvironment(VaultDefaults.DevRootTokenVariable, rootToken)
            .WithOtlpExporter();
}
