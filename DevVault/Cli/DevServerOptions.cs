using DevVault.Configuration;
using DevVault.Mounts;

namespace DevVault.Cli;

/// <summary>
/// How a server runs: the flags of <c>vault server -dev</c> that DevVault honours, or, in server mode, the
/// configuration <c>server -config</c> read.
/// </summary>
public sealed record DevServerOptions
{
    public const string DefaultListenAddress = "127.0.0.1:8200";

    /// <summary>The root token id; generated when empty, as Vault does. Dev mode only: a server's root token comes from <c>sys/init</c>.</summary>
    public string RootToken { get; init; } = "";

    /// <summary><c>host:port</c> of a dev server; port 0 picks a free one (tests). Server mode listens where its listener says.</summary>
    public string ListenAddress { get; init; } = DefaultListenAddress;

    /// <summary>Server mode's configuration; null for a dev server (in memory, initialised and unsealed at start).</summary>
    public ServerConfiguration? Configuration { get; init; }

    public bool IsDevMode => Configuration is null;

    /// <summary>Clock for every TTL; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Minimum level for the server's own logs (requests are never logged with tokens or values).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>The system-wide lease TTLs mounts fall back to: the configuration's, else Vault's 768h.</summary>
    public TimeSpan DefaultLeaseTtl => Configuration?.DefaultLeaseTtl ?? MountEntry.SystemMaxTtl;

    public TimeSpan MaxLeaseTtl => Configuration?.MaxLeaseTtl ?? MountEntry.SystemMaxTtl;

    /// <summary>Extra registrations for in-process hosts (tests add engines of their own); not reachable from the command line.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
