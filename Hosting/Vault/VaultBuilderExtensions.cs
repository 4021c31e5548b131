using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VaultDemo.Hosting.Vault;

public static class VaultBuilderExtensions
{
    /// <summary>
    /// Vault in dev mode on loopback: the <c>vault</c> or <c>bao</c> binary when one is on PATH, otherwise
    /// <paramref name="devVault"/> (the DevVault project) with the same flags. The root token is the generated
    /// secret parameter <c>&lt;name&gt;-root-token</c>, handed over in <c>VAULT_DEV_ROOT_TOKEN_ID</c>, never on a
    /// command line. Healthy when <c>GET /v1/sys/health</c> answers 200.
    /// </summary>
    public static IResourceBuilder<IVaultResource> AddVault(this IDistributedApplicationBuilder builder, string name, IProjectMetadata devVault)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(devVault);

        var rootToken = builder.AddParameter($"{name}-root-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        var binary = VaultDefaults.Binaries.Select(ExecutableSearch.Find).FirstOrDefault(path => path is not null);
#pragma warning disable ASPIREPROJECTS001 // The one way to run a project as a resource type of our own (experimental in 13.6).
        IResourceBuilder<IVaultResource> vault = binary is not null
            ? builder.AddResource(new VaultServerResource(name, binary, rootToken.Resource))
            : builder.AddResource(new DevVaultResource(name, rootToken.Resource))
                .WithAnnotation(devVault)
                .WithProjectDefaults(new ProjectResourceOptions { ExcludeLaunchProfile = true });
#pragma warning restore ASPIREPROJECTS001

        // A client of its own rather than IHttpClientFactory's, whose request logging would fill the console every 5 s.
        var healthCheckKey = $"{name}-sys-health";
        var healthClient = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new VaultHealthCheck(vault.Resource, healthClient),
            failureStatus: null,
            tags: null));

        return vault
            // Not behind DCP's proxy: with Vault stopped, the proxy would accept connections and never answer, so a
            // client would wait for its timeout instead of being refused at once and failing over to its own handling.
            .WithHttpEndpoint(name: VaultDefaults.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("server");
                context.Args.Add("-dev");
                context.Args.Add(ReferenceExpression.Create($"-dev-listen-address=127.0.0.1:{vault.Resource.HttpEndpoint.Property(EndpointProperty.TargetPort)}"));
            })
            .WithEnvironment(VaultDefaults.DevRootTokenVariable, rootToken)
            .WithOtlpExporter()
            .WithHealthCheck(healthCheckKey);
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
}
