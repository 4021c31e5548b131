using DevVault.Mounts;
using DevVault.Storage;

namespace DevVault.Core;

/// <summary>What a backend receives when it is mounted.</summary>
public sealed class BackendContext
{
    public required MountEntry Mount { get; init; }

    /// <summary>Storage private to this mount (a view prefixed with the mount's uuid).</summary>
    public required IStorage Storage { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>The server's services, for backends that need core components (token store, policies).</summary>
    public required IServiceProvider Services { get; init; }
}

/// <summary>Registers a mountable backend type. Each engine folder adds its own from an <c>AddXxx</c> extension.</summary>
/// <param name="Type">The type name used in <c>sys/mounts</c> or <c>sys/auth</c> (<c>kv</c>, <c>approle</c>, ...).</param>
/// <param name="IsAuthMethod">True for auth methods, which mount under <c>auth/</c>.</param>
/// <param name="Create">Creates the backend for one mount.</param>
public sealed record BackendRegistration(string Type, bool IsAuthMethod, Func<BackendContext, IBackend> Create);
