using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Hosting;

/// <summary>The <c>WithXxx</c> and <c>WaitFor</c> methods every resource builder has, named as in Aspire.</summary>
public static class ResourceBuilderExtensions
{
    private static readonly HttpClient s_healthClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static IResourceBuilder<T> WithAnnotation<T>(this IResourceBuilder<T> builder, IResourceAnnotation annotation)
        where T : IResource
    {
        builder.Resource.Annotations.Add(annotation);
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(name, new LiteralValue(value));

    /// <summary>Passes a parameter's value; a secret parameter stays masked on the dashboard.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(name, parameter.Resource);

    /// <summary>Passes another resource's endpoint URL (<c>vault.GetEndpoint("http")</c>).</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IValueProvider value)
        where T : IResourceWithEnvironment
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.WithAnnotation(new EnvironmentAnnotation(name, value));
    }

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params string[] arguments)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new ArgumentsAnnotation([.. arguments.Select(a => new LiteralValue(a))]));

    /// <summary>Arguments some of which are known only at run time (a parameter, an endpoint URL).</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params IValueProvider[] arguments)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new ArgumentsAnnotation(arguments));

    /// <summary>
    /// Gives <paramref name="builder"/> the other resource's connection string as <c>ConnectionStrings__&lt;name&gt;</c>
    /// and its endpoints as <c>services__&lt;name&gt;__&lt;endpoint&gt;__0</c>. It does not wait: add <see cref="WaitFor{T}"/> for that.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> source)
        where T : IResourceWithEnvironment
    {
        var resource = source.Resource;
        if (resource is IResourceWithConnectionString withConnectionString)
        {
            builder.WithEnvironment($"ConnectionStrings__{resource.Name}", new ConnectionStringReference(withConnectionString));
        }

        if (resource is IResourceWithEndpoints withEndpoints)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Scheme is "http" or "https"))
            {
                builder.WithEnvironment($"services__{resource.Name}__{endpoint.Name}__0", new EndpointReference(withEndpoints, endpoint.Name));
            }
        }

        if (resource is not (IResourceWithConnectionString or IResourceWithEndpoints))
        {
            throw new ArgumentException($"'{resource.Name}' has neither a connection string nor endpoints to reference.", nameof(source));
        }

        return builder;
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is running and healthy; fails it if the dependency fails.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResource =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitBehavior.UntilHealthy));

    /// <summary>Starts the resource only once <paramref name="dependency"/> has run to completion with <paramref name="exitCode"/>.</summary>
    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency, int exitCode = 0)
        where T : IResource =>
        builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitBehavior.UntilCompleted, exitCode));

    /// <summary>
    /// An HTTP endpoint on 127.0.0.1. The port is free-chosen unless given; a project learns it through
    /// ASPNETCORE_URLS, any other program through <paramref name="env"/>.
    /// </summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string name = "http", string? env = null)
        where T : IResourceWithEndpoints
    {
        if (builder.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == name))
        {
            throw new InvalidOperationException($"Resource '{builder.Resource.Name}' already has an endpoint named '{name}'.");
        }

        return builder.WithAnnotation(new EndpointAnnotation(name, "http", port, env));
    }

    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name = "http")
        where T : IResourceWithEndpoints =>
        new(builder.Resource, name);

    /// <summary>Healthy while <c>GET &lt;endpoint&gt;&lt;path&gt;</c> answers <paramref name="statusCode"/>.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health", int statusCode = 200, string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.GetEndpoint(endpointName);
        return builder.WithHealthCheck($"http {path}", async cancellationToken =>
        {
            using var response = await s_healthClient.GetAsync(new Uri(new Uri(endpoint.Url), path), cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode == statusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"GET {path} answered {(int)response.StatusCode} {(HttpStatusCode)(int)response.StatusCode}, expected {statusCode}");
        });
    }

    public static IResourceBuilder<T> WithHealthCheck<T>(this IResourceBuilder<T> builder, string name, Func<CancellationToken, Task<HealthCheckResult>> check)
        where T : IResource =>
        builder.WithAnnotation(new HealthCheckAnnotation(name, check));

    /// <summary>Points the resource's OpenTelemetry exporter at the AppHost (projects get this without asking).</summary>
    public static IResourceBuilder<T> WithOtlpExporter<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithEnvironment =>
        builder.WithAnnotation(new OtlpExporterAnnotation());
}
