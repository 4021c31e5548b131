namespace DevVault.Cli;

/// <summary>How a dev server runs: the flags of <c>vault server -dev</c> that DevVault honours.</summary>
public sealed record DevServerOptions
{
    public const string DefaultListenAddress = "127.0.0.1:8200";

    /// <summary>The root token id; generated when empty, as Vault does.</summary>
    public string RootToken { get; init; } = "";

    /// <summary><c>host:port</c>; port 0 picks a free one (tests).</summary>
    public string ListenAddress { get; init; } = DefaultListenAddress;

    /// <summary>Clock for every TTL; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Minimum level for the server's own logs (requests are never logged with tokens or values).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Extra registrations for in-process hosts (tests add engines of their own); not reachable from the command line.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
