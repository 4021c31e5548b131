namespace VaultDemo.Hosting.Vault;

/// <summary>
/// A Vault the AppHost does not start (a team's shared server, a real <c>vault</c> in a VM): its address comes from
/// the connection string of the resource's name, its root token from the <c>&lt;name&gt;-root-token</c> parameter.
/// </summary>
public sealed class ExistingVaultResource(string name, Uri address, ReferenceExpression rootToken) : Resource(name), IVaultResource
{
    public Uri Address { get; } = address;

    public ReferenceExpression RootToken { get; } = rootToken;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Address.ToString().TrimEnd('/')}");
}
