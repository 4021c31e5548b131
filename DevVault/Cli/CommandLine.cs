using DevVault.Configuration;

namespace DevVault.Cli;

/// <summary>
/// Parses the command line exactly as <c>vault server</c> accepts it (Go's flag package: <c>-flag=value</c>,
/// <c>-flag value</c>, one or two dashes), so the AppHost can start DevVault and a real Vault with the same arguments:
/// <c>server -dev</c>, or <c>server -config=&lt;file or directory&gt;</c> (repeatable, plus <c>VAULT_LOCAL_CONFIG</c>).
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: DevVault server -dev [options]
               DevVault server -config=<file or directory> [-config=...] [options]

          With -dev: a Vault-compatible development server, in memory, unsealed, with a root token,
          listening on plain HTTP. Nothing is persisted. Use it only for development and tests.

          With -config (or $VAULT_LOCAL_CONFIG): a server as Vault's configuration file describes it
          (storage inmem, file or postgresql; tcp listeners with TLS). It starts sealed: initialise it
          once with sys/init, then unseal it with sys/unseal after every start.

        Options:
          -dev                          Enable development mode.
          -config=<path>                HCL or JSON configuration file, or a directory of them (repeatable).
          -dev-root-token-id=<token>    Root token id to create (default: $VAULT_DEV_ROOT_TOKEN_ID, else generated).
          -dev-listen-address=<addr>    host:port to listen on (default: 127.0.0.1:8200).
          -dev-no-store-token           Accepted for compatibility; DevVault never writes a token file.
          -log-level=<level>            trace, debug, info, warn or error (default: warn; the config's log_level).
          -h, -help, --help             Show this help.
        """;

    public const string RootTokenVariable = "VAULT_DEV_ROOT_TOKEN_ID";
    private const string DevAndConfig = "DevVault cannot combine -dev with a configuration: choose dev mode or server mode.";

    /// <summary>Parses <paramref name="args"/>; on failure or help returns null options and a message/exit code.</summary>
    public static (DevServerOptions? Options, int ExitCode, string? Message) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args.Any(a => a is "-h" or "-help" or "--help" or "help"))
        {
            return (null, args.Count == 0 ? 1 : 0, Usage);
        }

        if (args[0] != "server")
        {
            return (null, 1, $"Unknown command \"{args[0]}\". DevVault only implements \"server\".\n\n{Usage}");
        }

        // As with vault: the flag wins, else VAULT_DEV_ROOT_TOKEN_ID, which keeps the token out of `ps`.
        var options = new DevServerOptions { RootToken = Environment.GetEnvironmentVariable(RootTokenVariable) ?? "" };
        var dev = false;
        var configPaths = new List<string>();
        LogLevel? logLevel = null;
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
                case "dev-root-token-id" or "dev-listen-address" or "log-level" or "config":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            return (null, 2, $"flag needs an argument: -{name}\n\n{Usage}");
                        }

                        value = args[++i];
                    }

                    switch (name)
                    {
                        case "dev-root-token-id":
                            options = options with { RootToken = value };
                            break;
                        case "dev-listen-address":
                            options = options with { ListenAddress = value };
                            break;
                        case "config":
                            configPaths.Add(value);
                            break;
                        default:
                            logLevel = ParseLevel(value);
                            break;
                    }

                    break;
                default:
                    return (null, 2, $"flag provided but not defined: -{name}\n\n{Usage}");
            }
        }

        var localConfig = Environment.GetEnvironmentVariable(ServerConfigurationReader.LocalConfigVariable);
        if (dev)
        {
            return configPaths.Count > 0 ? (null, 2, DevAndConfig) : (options with { LogLevel = logLevel ?? options.LogLevel }, 0, null);
        }

        if (configPaths.Count == 0 && string.IsNullOrWhiteSpace(localConfig))
        {
            return (null, 2, $"Must specify at least one config path using -config (or set {ServerConfigurationReader.LocalConfigVariable}), or use -dev.\n\n{Usage}");
        }

        try
        {
            var configuration = ServerConfigurationReader.Read(configPaths, localConfig);
            return (options with { Configuration = configuration, LogLevel = logLevel ?? ParseLevel(configuration.LogLevel) }, 0, null);
        }
        catch (ConfigException e)
        {
            return (null, 1, $"Error loading configuration: {e.Message}");
        }
    }

    /// <summary>Vault's level names; unknown ones mean warn, as before.</summary>
    public static LogLevel ParseLevel(string value) => value.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "error" or "err" => LogLevel.Error,
        _ => LogLevel.Warning,
    };
}
