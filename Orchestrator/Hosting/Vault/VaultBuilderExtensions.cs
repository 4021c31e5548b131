using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Orchestration;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Hosting.Vault;

public static class VaultBuilderExtensions
{
    private static readonly HttpClient s_healthClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// Vault in dev mode on 127.0.0.1, with the root token parameter <c>&lt;name&gt;-root-token</c>. Runs the
    /// <c>vault</c> or <c>bao</c> binary from PATH when there is one, otherwise <paramref name="devVault"/>
    /// (the DevVault project) with the same flags. Healthy when <c>GET /v1/sys/health</c> answers 200
    /// (initialized, unsealed, active). <c>ConnectionStrings:&lt;name&gt;</c> uses an existing server.
    /// </summary>
    public static IResourceBuilder<VaultResource> AddVault(this IDistributedApplicationBuilder builder, string name, IProjectMetadata? devVault = null, IResourceBuilder<ParameterResource>? rootToken = null)
    {
        rootToken ??= builder.AddParameter($"{name}-root-token", secret: true);
        var vault = new VaultResource(name, rootToken.Resource);
        vault.Annotations.Add(new EndpointAnnotation(VaultResource.EndpointName, "http", port: null, targetEnvironmentVariable: null));
        vault.Annotations.Add(new LauncherAnnotation(new ProcessLauncher(() => CommandFor(vault, devVault))));
        return builder.AddResource(vault)
            .WithOtlpExporter()
            .WithHealthCheck("sys/health", async cancellationToken =>
            {
                var address = await vault.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false) ?? vault.Endpoint.Url;
                using var response = await s_healthClient.GetAsync(new Uri(new Uri(address), "/v1/sys/health"), cancellationToken).ConfigureAwait(false);
                return response.IsSuccessStatusCode
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"GET /v1/sys/health answered {(int)response.StatusCode}"));
            });
    }

    /// <summary>Dev-mode flags shared by vault, bao and DevVault.</summary>
    private static ProcessCommand CommandFor(VaultResource vault, IProjectMetadata? devVault)
    {
        string[] flags =
        [
            "server", "-dev",
            $"-dev-root-token-id={vault.RootToken.Value}",
            string.Create(CultureInfo.InvariantCulture, $"-dev-listen-address=127.0.0.1:{vault.Endpoint.AllocatedPort}"),
        ];
        if ((ExecutableSearch.Find("vault") ?? ExecutableSearch.Find("bao")) is { } binary)
        {
            return new ProcessCommand(binary, flags, Environment.CurrentDirectory);
        }

        if (devVault is null)
        {
            throw new MissingBinaryException("Neither 'vault' nor 'bao' is on PATH, and no DevVault project was given to AddVault.");
        }

        var project = ProjectResourceBuilderExtensions.CommandFor(devVault);
        return project with { Arguments = [.. project.Arguments, .. flags] };
    }
}
