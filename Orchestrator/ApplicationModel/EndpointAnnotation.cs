using System.Globalization;

namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>
/// A network endpoint a resource serves on 127.0.0.1. The port is fixed or, by default, allocated when the
/// application starts; <see cref="TargetEnvironmentVariable"/> tells the resource which port to listen on.
/// </summary>
public sealed class EndpointAnnotation(string name, string scheme, int? port, string? targetEnvironmentVariable) : IResourceAnnotation
{
    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    /// <summary>The port asked for; null lets the AppHost pick a free one.</summary>
    public int? Port { get; internal set; } = port;

    /// <summary>The variable that carries the port to the process (a project gets ASPNETCORE_URLS instead).</summary>
    public string? TargetEnvironmentVariable { get; } = targetEnvironmentVariable;

    /// <summary>The port in use, once allocated at start.</summary>
    public int? AllocatedPort { get; internal set; }

    public string Url => AllocatedPort is { } allocated
        ? string.Create(CultureInfo.InvariantCulture, $"{Scheme}://127.0.0.1:{allocated}")
        : throw new InvalidOperationException($"Endpoint '{Name}' has no port yet: ports are allocated when the application starts.");
}

/// <summary>A reference to another resource's endpoint; its value is the endpoint's URL.</summary>
public sealed record EndpointReference(IResourceWithEndpoints Resource, string EndpointName) : IValueProvider
{
    public bool IsSecret => false;

    public EndpointAnnotation Endpoint =>
        Resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    public string Url => Endpoint.Url;

    /// <summary>The endpoint's URL; for a resource replaced by an external instance whose connection string is a URL, that URL.</summary>
    public ValueTask<string> GetValueAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(
            Resource.Annotations.OfType<ExternalResourceAnnotation>().FirstOrDefault() is { } external
            && Uri.TryCreate(external.ConnectionString, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? external.ConnectionString.TrimEnd('/')
                : Url);
}
