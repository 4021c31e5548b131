using DevVault.Audit;
using DevVault.Expiration;
using DevVault.Mounts;
using DevVault.Policies;
using DevVault.Sys;
using DevVault.Tokens;

namespace DevVault.Core;

/// <summary>
/// What the server holds in memory beside storage, built once the barrier is open and dropped when it closes
/// (Vault's postUnseal and preSeal). Order matters: policies, then mounts (leases need their backends), audit
/// devices, leases, and last tokens, since a token that expired while the server was down is revoked as soon as it
/// is loaded and must find its leases there to revoke with it.
/// </summary>
public sealed class CoreSetup(
    MountTable mounts,
    TokenStore tokens,
    ExpirationManager expiration,
    ClusterIdentity cluster,
    IServiceProvider services,
    TimeProvider time)
{
    private PolicyStore? Policies => services.GetService<PolicyStore>();

    private AuditBroker? Audit => services.GetService<AuditBroker>();

    /// <summary>The state of a new server: the built-in mounts (and <c>secret/</c> in dev mode, as Vault's dev server) and a root token.</summary>
    public async Task CreateDefaultsAsync(string rootToken, bool devMode, CancellationToken cancellationToken)
    {
        await cluster.LoadOrCreateAsync(cancellationToken);
        mounts.MountBuiltIn(BuiltIn("sys/", "system", "system endpoints used for control, policy and debugging"), CreateBuiltIn("system"));
        mounts.MountBuiltIn(BuiltIn("auth/token/", "token", "token based credentials"), CreateBuiltIn("token"));
        await mounts.MountAsync(BuiltIn("cubbyhole/", "cubbyhole", "per-token private secret storage"), cancellationToken);
        if (devMode && mounts.IsRegistered("kv"))
        {
            var secret = BuiltIn("secret/", "kv", "key/value secret storage");
            secret.Options["version"] = "2";
            await mounts.MountAsync(secret, cancellationToken);
        }

        await tokens.CreateAsync(
            new TokenEntry
            {
                Id = rootToken,
                Accessor = Ids.Accessor(),
                Policies = ["root"],
                Path = "auth/token/root",
                DisplayName = "root",
                CreationTime = time.GetUtcNow(),
            },
            cancellationToken);
    }

    /// <summary>Loads everything kept in storage (at unseal).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await cluster.LoadOrCreateAsync(cancellationToken);
        if (Policies is { } policies)
        {
            await policies.LoadAsync(cancellationToken);
        }

        await mounts.LoadAsync(CreateBuiltIn, cancellationToken);
        if (Audit is { } audit)
        {
            await audit.LoadAsync(cancellationToken);
        }

        await expiration.LoadAsync(cancellationToken);
        await tokens.LoadAsync(cancellationToken);
    }

    /// <summary>Drops every in-memory copy and timer (at seal); storage is untouched.</summary>
    public Task UnloadAsync()
    {
        expiration.Unload();
        tokens.Unload();
        Audit?.Unload();
        mounts.Unload();
        Policies?.Unload();
        return Task.CompletedTask;
    }

    private IBackend CreateBuiltIn(string type) => type switch
    {
        "system" => ActivatorUtilities.CreateInstance<SystemBackend>(services),
        "token" => ActivatorUtilities.CreateInstance<TokenBackend>(services),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a built-in mount type"),
    };

    private static MountEntry BuiltIn(string path, string type, string description) => new()
    {
        Path = path,
        Type = type,
        Description = description,
        Uuid = Ids.Uuid(),
        Accessor = Ids.MountAccessor(type),
    };
}
