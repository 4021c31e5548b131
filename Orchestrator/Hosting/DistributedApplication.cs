using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VaultDemo.Orchestrator.Api;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Orchestration;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Hosting;

/// <summary>
/// A built application: start it, watch its resources, reach them, stop it. Disposing stops every
/// resource and leaves no process behind.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly string _stateDirectory;
    private readonly DistributedApplicationOptions _options;
    private bool _started;
    private Task? _stop;

    internal DistributedApplication(WebApplication host, string stateDirectory, DistributedApplicationOptions options)
    {
        _host = host;
        _stateDirectory = stateDirectory;
        _options = options;
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        new DistributedApplicationBuilder(TopologyCapture.OptionsFor(args) ?? new DistributedApplicationOptions { Args = args });

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new DistributedApplicationBuilder(options);

    public IServiceProvider Services => _host.Services;

    public ResourceNotificationService ResourceNotifications => Services.GetRequiredService<ResourceNotificationService>();

    public ResourceLoggerService ResourceLogs => Services.GetRequiredService<ResourceLoggerService>();

    /// <summary>The AppHost's web host (dashboard, /api/resources, OTLP), once started.</summary>
    public string DashboardUrl => Services.GetRequiredService<DashboardEndpoint>().Url;

    /// <summary>The token for <c>/login?t=</c> and <c>Authorization: Bearer</c>.</summary>
    public string DashboardToken => Services.GetRequiredService<DashboardToken>().Value;

    public string StateDirectory => _stateDirectory;

    /// <summary>Starts the web host and begins starting resources; returns without waiting for them.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _started = true;
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        await Services.GetRequiredService<DashboardEndpoint>().WhenStarted.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every resource in reverse dependency order, then the web host.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _stop ??= _host.StopAsync(cancellationToken);

    /// <summary>Runs until Ctrl+C or SIGTERM, then stops everything.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await _host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Waits until the resource is running and every health check passes.</summary>
    /// <exception cref="InvalidOperationException">The resource failed; the message says how.</exception>
    public Task<ResourceEvent> WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default) =>
        ResourceNotifications.WaitForResourceHealthyAsync(resourceName, cancellationToken);

    /// <summary>
    /// Aspire's "stop" command: stops one resource (stop signal, grace period, then kill) and returns once it
    /// is <see cref="ResourceState.Exited"/>. Resources that depend on it keep running.
    /// </summary>
    /// <exception cref="ArgumentException">No resource has that name.</exception>
    /// <exception cref="InvalidOperationException">It is not running, or it has no process of its own (parameter, external instance).</exception>
    public Task StopResourceAsync(string resourceName, CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<ApplicationOrchestrator>().StopResourceAsync(resourceName, cancellationToken);

    /// <summary>
    /// Aspire's "start" command: starts a stopped, finished or failed resource again with the same ports,
    /// environment, arguments and state directory, and returns once it is <see cref="ResourceState.Running"/>.
    /// Health checks follow as at the first start (see <see cref="WaitForResourceHealthyAsync"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No resource has that name.</exception>
    /// <exception cref="InvalidOperationException">It is not stopped, the application is not running, or it failed to start (the message says why).</exception>
    public Task StartResourceAsync(string resourceName, CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<ApplicationOrchestrator>().StartResourceAsync(resourceName, cancellationToken);

    /// <summary>An HttpClient addressed at the resource's endpoint.</summary>
    public HttpClient CreateHttpClient(string resourceName, string endpointName = "http")
    {
        var resource = Services.GetRequiredService<DistributedApplicationModel>().Find(resourceName) as IResourceWithEndpoints
            ?? throw new ArgumentException($"No resource named '{resourceName}' with endpoints.", nameof(resourceName));
        return new HttpClient { BaseAddress = new Uri(new EndpointReference(resource, endpointName).Url) };
    }

    /// <summary>The resource's connection string (available once it has started).</summary>
    public async Task<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var resource = Services.GetRequiredService<DistributedApplicationModel>().Find(resourceName) as IResourceWithConnectionString
            ?? throw new ArgumentException($"No resource named '{resourceName}' with a connection string.", nameof(resourceName));
        return await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await _host.DisposeAsync().ConfigureAwait(false);
        if (_options.DeleteStateOnDispose)
        {
            try
            {
                Directory.Delete(_stateDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Cleaned at the next start, once nothing holds it.
            }
        }
    }
}
