namespace DevVault.Cli;

/// <summary>
/// Parses the command line exactly as <c>vault server -dev</c> accepts it (Go's flag package: <c>-flag=value</c>,
/// <c>-flag value</c>, one or two dashes), so the AppHost can start DevVault and a real Vault with the same arguments.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: DevVault server -dev [options]

          Starts a Vault-compatible development server: in-memory, unsealed, with a root token,
          listening on plain HTTP. Nothing is persisted. Use it only for development and tests.

        Options:
          -dev                          Enable development mode (required; DevVault has no other mode).
          -dev-root-token-id=<token>    Root token id to create (default: $VAULT_DEV_ROOT_TOKEN_ID, else generated).
          -dev-listen-address=<addr>    host:port to listen on (default: 127.0.0.1:8200).
          -dev-no-store-token           Accepted for compatibility; DevVault never writes a token file.
          -log-level=<level>            trace, debug, info, warn or error (default: warn).
          -h, -help, --help             Show this help.
        """;

    public const string RootTokenVariable = "VAULT_DEV_ROOT_TOKEN_ID";

    /// <summary>Parses <paramref name="args"/>; on failure or help returns null options and a message/exit code.</summary>
    public static (DevServerOptions? Options, int ExitCode, string? Message) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args.Any(a => a is "-h" or "-help" or "--help" or "help"))
        {
            return (null, args.Count == 0 ? 1 : 0, Usage);
        }

        if (args[0] != "server")
        {
            return (null, 1, $"Unknown command \"{args[0]}\". DevVault only implements \"server -dev\".\n\n{Usage}");
        }

        // As with vault: the flag wins, else VAULT_DEV_ROOT_TOKEN_ID, which keeps the token out of `ps`.
        var options = new DevServerOptions { RootToken = Environment.GetEnvironmentVariable(RootTokenVariable) ?? "" };
        var dev = false;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                return (null, 2, $"Unexpected argument \"{arg}\".\n\n{Usage}");
            }

            var body = arg.TrimStart('-');
            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body[..equals];
            string? value = equals < 0 ? null : body[(equals + 1)..];

            switch (name)
            {
                case "dev":
                    dev = value is null || value is "true" or "1";
                    break;
                case "dev-no-store-token":
                    break;
                case "dev-root-token-id" or "dev-listen-address" or "log-level":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            return (null, 2, $"flag needs an argument: -{name}\n\n{Usage}");
                        }

                        value = args[++i];
                    }

                    options = name switch
                    {
                        "dev-root-token-id" => options with { RootToken = value },
                        "dev-listen-address" => options with { ListenAddress = value },
                        _ => options with { LogLevel = ParseLevel(value) },
                    };
                    break;
                default:
                    return (null, 2, $"flag provided but not defined: -{name}\n\n{Usage}");
            }
        }

        return dev ? (options, 0, null) : (null, 2, $"DevVault only runs in development mode: pass -dev.\n\n{Usage}");
    }

    private static LogLevel ParseLevel(string value) => value.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "error" or "err" => LogLevel.Error,
        _ => LogLevel.Warning,
    };
}
