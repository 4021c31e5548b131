using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VaultDemo.Orchestrator.Api;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Dashboard;
using VaultDemo.Orchestrator.Dashboard.Access;
using VaultDemo.Orchestrator.Dashboard.Resources;
using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Orchestration;
using VaultDemo.Orchestrator.Processes;
using VaultDemo.Orchestrator.Testing;

namespace VaultDemo.Orchestrator.Hosting;

/// <summary>
/// Collects resources, then builds the AppHost: a loopback web host (dashboard, resources API, OTLP
/// receiver) that runs the resources as a hosted service.
/// </summary>
public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    public const int DefaultDashboardPort = 18888;

    private readonly WebApplicationBuilder _host;
    private readonly List<IResource> _resources = [];
    private readonly ProcessLedger _ledger;
    private readonly IReadOnlyList<string> _cleanedOrphans;

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        _host = WebApplication.CreateBuilder(new WebApplicationOptions { Args = options.Args });
        var stateRoot = options.StateRoot ?? Configuration["AppHost:StateDirectory"] ?? Path.Combine(Path.GetTempPath(), "vaultdemo");

        // A killed AppHost could not stop its children: its ledger says what to clean before anything starts.
        _cleanedOrphans = ProcessLedger.CleanOrphans(stateRoot);
        RunId = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}");
        StateDirectory = Directory.CreateDirectory(Path.Combine(stateRoot, RunId)).FullName;
        _ledger = ProcessLedger.Open(StateDirectory);
    }

    public ConfigurationManager Configuration => _host.Configuration;

    public IServiceCollection Services => _host.Services;

    public IHostEnvironment Environment => _host.Environment;

    public string StateDirectory { get; }

    public string RunId { get; }

    public IReadOnlyList<IResource> Resources => _resources;

    internal DistributedApplicationOptions Options { get; }

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>Builds the application. Under the testing builder, hands the topology over instead (see <see cref="DistributedApplicationTestingBuilder"/>).</summary>
    public DistributedApplication Build()
    {
        TopologyCapture.HandOverIfCapturing(this);
        return BuildCore();
    }

    internal DistributedApplication BuildCore()
    {
        ResolveParameters();
        UseExternalInstancesFromConfiguration();

        var model = new DistributedApplicationModel([.. _resources]);
        var installer = PackageInstaller.ForThisMachine();
        Services.AddSingleton(model);
        Services.AddSingleton(Options);
        Services.AddSingleton(new OrchestratorContext(RunId, StateDirectory, _ledger, installer, Options));
        Services.AddSingleton<ResourceNotificationService>();
        Services.AddSingleton<ResourceLoggerService>();
        Services.AddSingleton<ConsoleReporter>(sp => new ConsoleReporter(model, sp.GetRequiredService<ResourceNotificationService>(), Options));
        Services.AddSingleton<DashboardEndpoint>();
        var token = new DashboardToken(Configuration["Dashboard:Token"]);
        Services.AddSingleton(token);
        Services.AddSingleton<IDashboardTokenValidator>(new FixedTokenValidator(token.Value));
        Services.AddSingleton<IDashboardResourceSource, DashboardResourceSource>();
        // One instance: the host runs it, and DistributedApplication sends it resource commands.
        Services.AddSingleton<ApplicationOrchestrator>();
        Services.AddHostedService(sp => sp.GetRequiredService<ApplicationOrchestrator>());
        Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(1));
        Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        Services.AddDashboard();

        var port = Options.DashboardPort ?? Configuration.GetValue("Dashboard:Port", DefaultDashboardPort);
        _host.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _host.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var app = _host.Build();
        if (_cleanedOrphans.Count > 0)
        {
            OrchestratorLog.OrphansKilled(app.Services.GetRequiredService<ILogger<DistributedApplication>>(), string.Join(", ", _cleanedOrphans));
        }

        app.MapResourcesApi();
        app.MapResourceCommandsApi();
        app.MapDashboard();
        return new DistributedApplication(app, StateDirectory, Options);
    }

    private void ResolveParameters()
    {
        foreach (var parameter in _resources.OfType<ParameterResource>())
        {
            var value = Configuration[parameter.ConfigurationKey] ?? parameter.DefaultValue
                ?? (parameter.Secret
                    ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_')
                    : throw new InvalidOperationException($"Parameter '{parameter.Name}' has no value: set the configuration key '{parameter.ConfigurationKey}' (for example the environment variable Parameters__{parameter.Name})."));
            parameter.Resolve(value);
        }
    }

    private void UseExternalInstancesFromConfiguration()
    {
        foreach (var resource in _resources.OfType<IResourceWithConnectionString>())
        {
            if (Configuration.GetConnectionString(resource.Name) is { Length: > 0 } connectionString)
            {
                resource.Annotations.Add(new ExternalResourceAnnotation(connectionString));
            }
        }
    }
}
