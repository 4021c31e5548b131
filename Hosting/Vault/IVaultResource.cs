namespace VaultDemo.Hosting.Vault;

/// <summary>
/// A Vault server in the application model, whichever program runs it (DevVault, <c>vault</c>, <c>bao</c>) or none
/// (an existing server the AppHost only points at). Its connection string is its address; the root token is kept
/// apart and given only to the resources that must hold it (see <see cref="VaultBuilderExtensions.WithRootToken{T}"/>).
/// </summary>
public interface IVaultResource : IResourceWithConnectionString, IResourceWithWaitSupport
{
    /// <summary>
    /// A secret parameter (the dev server's generated token, an existing Vault's given one), or in server mode the
    /// token <c>sys/init</c> gave, which exists only once Vault is initialised: resolve it after Vault is healthy.
    /// </summary>
    ReferenceExpression RootToken { get; }
}
