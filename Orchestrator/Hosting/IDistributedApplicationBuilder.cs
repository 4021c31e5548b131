using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Hosting;

/// <summary>Collects the resources of an application, then builds the host that runs them.</summary>
public interface IDistributedApplicationBuilder
{
    /// <summary>appsettings, environment variables and command-line arguments (<c>Parameters:x</c>, <c>ConnectionStrings:x</c>, <c>Dashboard:Port</c>).</summary>
    ConfigurationManager Configuration { get; }

    IServiceCollection Services { get; }

    IHostEnvironment Environment { get; }

    /// <summary>This run's private directory: resources keep their data, sockets and files in subdirectories.</summary>
    string StateDirectory { get; }

    IReadOnlyList<IResource> Resources { get; }

    /// <exception cref="InvalidOperationException">A resource with the same name exists.</exception>
    IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource;

    DistributedApplication Build();
}
