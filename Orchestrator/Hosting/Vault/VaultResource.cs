using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Hosting.Vault;

/// <summary>
/// A Vault server in dev mode: the real <c>vault</c> (or OpenBao's <c>bao</c>) when on PATH, else the
/// DevVault project with the same flags. Its connection string is its address; the root token is a
/// separate secret parameter given only to whoever needs it.
/// </summary>
public sealed class VaultResource(string name, ParameterResource rootToken) : Resource(name), IResourceWithConnectionString, IResourceWithEnvironment, IResourceWithEndpoints
{
    public const string EndpointName = "http";

    public ParameterResource RootToken { get; } = rootToken;

    public EndpointAnnotation Endpoint => Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == EndpointName);

    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Annotations.OfType<ExternalResourceAnnotation>().FirstOrDefault()?.ConnectionString
            ?? (Endpoint.AllocatedPort is not null ? Endpoint.Url : null));
}
