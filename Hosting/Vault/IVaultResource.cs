namespace VaultDemo.Hosting.Vault;

/// <summary>
/// A Vault server in the application model, whichever program runs it (DevVault, <c>vault</c>, <c>bao</c>) or none
/// (an existing server the AppHost only points at). Its connection string is its address; the root token is a
/// separate secret parameter that only the resources that must hold it are given (see
/// <see cref="VaultBuilderExtensions.WithRootToken{T}"/>).
/// </summary>
public interface IVaultResource : IResourceWithConnectionString, IResourceWithWaitSupport
{
    ParameterResource RootToken { get; }
}
