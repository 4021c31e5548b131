namespace DevVault.Hosting;

/// <summary>The start banner, shaped like the one <c>vault server</c> prints.</summary>
public static class StartBanner
{
    /// <param name="rootTokenGiven">
    /// Whether the operator chose the root token: then they already hold it, and printing it would only put it in
    /// every console view and log file the output reaches (the Aspire dashboard shows resource output as is).
    /// </param>
    public static string RenderDev(DevVaultServer server, bool rootTokenGiven) => $"""
        {Configuration(server)}

        ==> DevVault server started! Log data will stream in below:

        WARNING! dev mode is enabled! In this mode, DevVault runs entirely in-memory
        and starts unsealed with a single unseal key. The root token is already
        authenticated to the CLI, so you can immediately begin using DevVault.

        You may need to set the following environment variables:

            $ export VAULT_ADDR='{ApiAddress(server)}'

        Root Token: {(rootTokenGiven ? "(as given; not printed)" : server.RootToken)}

        Development mode should NOT be used in production installations!
        """;

    /// <summary>Server mode prints no secret: the keys and root token exist only in the answer to <c>sys/init</c>.</summary>
    public static string RenderServer(DevVaultServer server) => $"""
        {Configuration(server)}

        ==> DevVault server started! Log data will stream in below:

        The server is sealed. Initialise it once (PUT /v1/sys/init), then unseal it after every start (PUT /v1/sys/unseal).
        """;

    private static string ApiAddress(DevVaultServer server) => server.Address.ToString().TrimEnd('/');

    private static string Configuration(DevVaultServer server) => $"""
        ==> DevVault server configuration:

                     Api Address: {ApiAddress(server)}
                         Storage: {server.StorageType}
                         Version: DevVault {typeof(StartBanner).Assembly.GetName().Version}
        """;
}
