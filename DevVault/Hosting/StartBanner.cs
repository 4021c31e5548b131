namespace DevVault.Hosting;

/// <summary>The start banner, shaped like the one <c>vault server -dev</c> prints.</summary>
public static class StartBanner
{
    /// <param name="rootTokenGiven">
    /// Whether the operator chose the root token: then they already hold it, and printing it would only put it in
    /// every console view and log file the output reaches (the Aspire dashboard shows resource output as is).
    /// </param>
    public static string Render(DevVaultServer server, bool rootTokenGiven) => $"""
        ==> DevVault server configuration:

                     Api Address: {server.Address.ToString().TrimEnd('/')}
                         Storage: inmem
                         Version: DevVault {typeof(StartBanner).Assembly.GetName().Version}

        ==> DevVault server started! Log data will stream in below:

        WARNING! dev mode is enabled! In this mode, DevVault runs entirely in-memory
        and starts unsealed with a single unseal key. The root token is already
        authenticated to the CLI, so you can immediately begin using DevVault.

        You may need to set the following environment variables:

            $ export VAULT_ADDR='{server.Address.ToString().TrimEnd('/')}'

        Root Token: {(rootTokenGiven ? "(as given; not printed)" : server.RootToken)}

        Development mode should NOT be used in production installations!
        """;
}
