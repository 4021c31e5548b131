using DevVault.Storage;

namespace DevVault.Core;

/// <summary>
/// The cluster's name and id that <c>sys/health</c> and <c>sys/seal-status</c> report once unsealed. Made at
/// initialisation and kept in storage (as Vault's <c>core/cluster/local/info</c>), so they stay the same across restarts.
/// </summary>
public sealed class ClusterIdentity(IStorage storage)
{
    private const string StorageKey = "core/cluster/local/info";

    private Identity _current = Identity.New();

    public string Name => Volatile.Read(ref _current).Name;

    public string Id => Volatile.Read(ref _current).Id;

    /// <summary>Reads the stored identity, or makes and stores one when there is none yet (at initialisation).</summary>
    public async ValueTask LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        var stored = await storage.GetJsonAsync<Identity>(StorageKey, cancellationToken);
        if (stored is null)
        {
            stored = Identity.New();
            await storage.PutJsonAsync(StorageKey, stored, cancellationToken);
        }

        Volatile.Write(ref _current, stored);
    }

    private sealed record Identity(string Name, string Id)
    {
        public static Identity New() => new("vault-cluster-" + Ids.Base62String(8).ToLowerInvariant(), Ids.Uuid());
    }
}
