namespace VaultDemo.Hosting.Vault;

/// <summary>DevVault, the repository's Vault-compatible server, run as a project resource.</summary>
public sealed class DevVaultResource(string name, ReferenceExpression rootToken) : ProjectResource(name), IVaultResource
{
    public ReferenceExpression RootToken { get; } = rootToken;

    public EndpointReference HttpEndpoint => new(this, VaultDefaults.EndpointName);

    public ReferenceExpression ConnectionStringExpression => VaultDefaults.AddressOf(HttpEndpoint);
}
