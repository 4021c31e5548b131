namespace VaultDemo.Hosting.Vault;

/// <summary>A <c>vault</c> or <c>bao</c> binary found on PATH, run as an executable resource.</summary>
public sealed class VaultServerResource(string name, string command, ReferenceExpression rootToken)
    : ExecutableResource(name, command, workingDirectory: "."), IVaultResource
{
    public ReferenceExpression RootToken { get; } = rootToken;

    public EndpointReference HttpEndpoint => new(this, VaultDefaults.EndpointName);

    public ReferenceExpression ConnectionStringExpression => VaultDefaults.AddressOf(HttpEndpoint);
}
