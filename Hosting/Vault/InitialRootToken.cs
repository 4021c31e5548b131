namespace VaultDemo.Hosting.Vault;

/// <summary>
/// The root token <c>sys/init</c> gave, read from its file when a resource's environment is built. Everything that
/// needs it waits for Vault to be healthy, and Vault is healthy only once the AppHost has initialised and unsealed it,
/// so the file is there by then; reading it any earlier is a wiring mistake and says so.
/// </summary>
internal sealed class InitialRootToken(string vaultName, VaultKeyFiles files) : IValueProvider, IManifestExpressionProvider
{
    public string ValueExpression => $"{{{vaultName}.rootToken}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        File.Exists(files.RootTokenPath)
            ? ValueTask.FromResult<string?>(files.ReadRootToken())
            : throw new InvalidOperationException(
                $"Vault '{vaultName}' has no root token yet: it is read from {files.RootTokenPath} once the AppHost has initialised Vault. Wait for '{vaultName}' before using it.");
}
