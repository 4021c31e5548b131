using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VaultDemo.Hosting.Parameters;

namespace VaultDemo.Hosting.Vault;

public static class VaultBuilderExtensions
{
    /// <summary>
    /// Vault, in the first of three forms that applies:
    /// <list type="number">
    /// <item>an existing server, when the connection string <c>ConnectionStrings:&lt;name&gt;</c> gives its address: nothing
    /// is started, and its root token comes from the parameter <c>Parameters:&lt;name&gt;-root-token</c>;</item>
    /// <item>the <c>vault</c> or <c>bao</c> binary on PATH;</item>
    /// <item><paramref name="devVault"/> (the DevVault project).</item>
    /// </list>
    /// A server the AppHost starts runs as the parameter <c>&lt;name&gt;-mode</c> says. <c>server</c> (the default): its
    /// storage is <paramref name="storage"/>, the AppHost initialises it on the first start, keeps the key shares and
    /// root token in 0600 files in Vault's persistent state directory, and unseals it on every start (see
    /// <see cref="VaultUnsealer"/>). <c>dev</c>: the in-memory dev server with a generated root token (the secret
    /// parameter <c>&lt;name&gt;-root-token</c>) in <c>VAULT_DEV_ROOT_TOKEN_ID</c>. Never a secret on a command line.
    /// Healthy when <c>GET /v1/sys/health</c> answers 200: initialised, unsealed, active.
    /// </summary>
    public static IResourceBuilder<IVaultResource> AddVault(
        this IDistributedApplicationBuilder builder,
        string name,
        IProjectMetadata devVault,
        IResourceBuilder<PostgresDatabaseResource> storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(devVault);
        ArgumentNullException.ThrowIfNull(storage);

        var vault = builder.Configuration.GetConnectionString(name) is { Length: > 0 } address
            ? builder.AddExistingVault(name, address)
            : VaultModes.Read(builder.Configuration, ModeParameterName(name)) switch
            {
                VaultMode.Dev => builder.AddDevServer(name, devVault),
                _ => builder.AddProductionServer(name, devVault, storage),
            };

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
        return builder.AddResource(new ExistingVaultResource(name, uri, ReferenceExpression.Create($"{rootToken.Resource}")))
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
        builder.AddParameterWithDefault(ModeParameterName(name), "dev"); // shown on the dashboard with the other parameters
        var rootToken = builder.AddParameter($"{name}-root-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
        var token = ReferenceExpression.Create($"{rootToken.Resource}");
        return FindBinary() is { } binary
            ? builder.AddResource(new VaultServerResource(name, binary, token)).InDevMode(rootToken)
            : builder.AddDevVaultProject(new DevVaultResource(name, token), devVault).InDevMode(rootToken);
    }

    private static IResourceBuilder<IVaultResource> AddProductionServer(
        this IDistributedApplicationBuilder builder, string name, IProjectMetadata devVault, IResourceBuilder<PostgresDatabaseResource> storage)
    {
        builder.AddParameterWithDefault(ModeParameterName(name), "server");
        var files = new VaultKeyFiles(builder.GetPersistentStateDirectory(name));
        var token = ReferenceExpression.Create($"{new InitialRootToken(name, files)}");
        return FindBinary() is { } binary
            ? builder.AddResource(new VaultServerResource(name, binary, token)).InServerMode(storage, files)
            : builder.AddDevVaultProject(new DevVaultResource(name, token), devVault).InServerMode(storage, files);
    }

    private static string ModeParameterName(string name) => $"{name}-mode";

    private static string? FindBinary() => VaultDefaults.Binaries.Select(ExecutableSearch.Find).FirstOrDefault(path => path is not null);

    private static IResourceBuilder<DevVaultResource> AddDevVaultProject(this IDistributedApplicationBuilder builder, DevVaultResource project, IProjectMetadata devVault) =>
#pragma warning disable ASPIREPROJECTS001 // The one way to run a project as a resource type of our own (experimental in 13.6).
        builder.AddResource(project)
            .WithAnnotation(devVault)
            .WithProjectDefaults(new ProjectResourceOptions { ExcludeLaunchProfile = true });
#pragma warning restore ASPIREPROJECTS001

    private static IResourceBuilder<T> InDevMode<T>(this IResourceBuilder<T> server, IResourceBuilder<ParameterResource> rootToken)
        where T : IVaultResource, IResourceWithEndpoints, IResourceWithArgs, IResourceWithEnvironment
    {
        var endpoint = server.WithVaultEndpoint();
        return server
            .WithArgs(context =>
            {
                context.Args.Add("server");
                context.Args.Add("-dev");
                context.Args.Add(ReferenceExpression.Create($"-dev-listen-address=127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
            })
            .WithEnvironment(VaultDefaults.DevRootTokenVariable, rootToken)
            .WithOtlpExporter();
    }

    /// <summary>
    /// Vault's own server mode: a configuration file (written before every start, for the port of this run), storage
    /// in <paramref name="storage"/> (its table made by the AppHost) reached through <c>VAULT_PG_CONNECTION_URL</c>,
    /// and the AppHost as its operator.
    /// Vault's process never gets the root token: only <c>sys/init</c> makes one, and the AppHost keeps it.
    /// </summary>
    private static IResourceBuilder<T> InServerMode<T>(this IResourceBuilder<T> server, IResourceBuilder<PostgresDatabaseResource> storage, VaultKeyFiles files)
        where T : IVaultResource, IResourceWithEndpoints, IResourceWithArgs, IResourceWithEnvironment
    {
        var endpoint = server.WithVaultEndpoint();
        var unsealer = new UnsealOnEveryStart(server.Resource, files);
        return server
            .WithArgs(async context =>
            {
                var port = int.Parse(
                    await endpoint.Property(EndpointProperty.TargetPort).GetValueAsync(context.CancellationToken).ConfigureAwait(false) ?? "",
                    System.Globalization.CultureInfo.InvariantCulture);
                context.Args.Add("server");
                context.Args.Add($"-config={VaultServerConfiguration.Write(files.Directory, port)}");
            })
            .WithEnvironment(VaultServerConfiguration.StorageUrlVariable, storage.Resource.UriExpression)
            .WaitFor(storage)
            .OnBeforeResourceStarted(async (resource, @event, cancellationToken) =>
            {
                // Handlers run in the order they were added, before Aspire's own WaitFor handler: wait for the database
                // here, so its table can be made before Vault looks for it.
                await @event.Services.GetRequiredService<ResourceNotificationService>().WaitForDependenciesAsync(resource, cancellationToken).ConfigureAwait(false);
                await VaultStorageTable.EnsureAsync(storage.Resource, cancellationToken).ConfigureAwait(false);
                await unsealer.OnBeforeStartAsync(@event).ConfigureAwait(false);
            })
            .WithOtlpExporter();
    }

    /// <summary>
    /// Not behind DCP's proxy: with Vault stopped, the proxy would accept connections and never answer, so a client
    /// would wait for its timeout instead of being refused at once and failing over to its own handling.
    /// </summary>
    private static EndpointReference WithVaultEndpoint<T>(this IResourceBuilder<T> server)
        where T : IResourceWithEndpoints
    {
        server.WithHttpEndpoint(name: VaultDefaults.EndpointName, isProxied: false);
        return server.GetEndpoint(VaultDefaults.EndpointName);
    }
}
