namespace VaultDemo.Hosting.Vault;

internal static class VaultDefaults
{
    public const string EndpointName = "http";

    /// <summary>The variable <c>vault server -dev</c> reads its root token from; DevVault honours it too.</summary>
    public const string DevRootTokenVariable = "VAULT_DEV_ROOT_TOKEN_ID";

    /// <summary>The binaries that serve Vault's API, in order of preference, when one is on PATH.</summary>
    public static readonly string[] Binaries = ["vault", "bao"];

    public static ReferenceExpression AddressOf(EndpointReference endpoint) =>
        ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Url)}");
}
