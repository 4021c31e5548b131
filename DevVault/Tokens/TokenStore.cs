using System.Collections.Concurrent;
using DevVault.Cubbyhole;
using DevVault.Expiration;
using DevVault.Storage;

namespace DevVault.Tokens;

/// <summary>
/// Every token: creation, lookup (by id and accessor), use counting, renewal bookkeeping and revocation of
/// whole token trees. Entries are persisted through storage; an in-memory index serves the hot path.
/// </summary>
public sealed class TokenStore(IStorage storage, TimeProvider time, IServiceProvider services) : ITokenLookup
{
    private readonly IStorage _storage = new StorageView(storage, "sys/token/");
    private readonly ConcurrentDictionary<string, TokenEntry> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _idByAccessor = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _children = new(StringComparer.Ordinal);
    private const string IdPrefix = "id/";

    private readonly Lock _useLock = new();

    private ExpirationManager Expiration => services.GetRequiredService<ExpirationManager>();

    private CubbyholeStore Cubbyholes => services.GetRequiredService<CubbyholeStore>();

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>How many tokens exist (live or awaiting revocation), for <c>sys/metrics</c>.</summary>
    public int Count => _byId.Count;

    /// <summary>Stores a new token, indexes it under its parent, and schedules its expiry.</summary>
    public async ValueTask<TokenEntry> CreateAsync(TokenEntry entry, CancellationToken cancellationToken = default)
    {
        _byId[entry.Id] = entry;
        _idByAccessor[entry.Accessor] = entry.Id;
        if (!entry.Orphan)
        {
            _children.GetOrAdd(entry.Parent, _ => new(StringComparer.Ordinal))[entry.Id] = 0;
        }

        await PersistAsync(entry, cancellationToken);
        Expiration.ScheduleTokenExpiry(entry);
        return entry;
    }

    public ValueTask<TokenEntry?> LookupAsync(string tokenId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byId.TryGetValue(tokenId, out var entry) && IsLive(entry) ? entry : null);

    public ValueTask<TokenEntry?> LookupByAccessorAsync(string accessor, CancellationToken cancellationToken = default) =>
        _idByAccessor.TryGetValue(accessor, out var id) ? LookupAsync(id, cancellationToken) : ValueTask.FromResult<TokenEntry?>(null);

    /// <summary>
    /// Consumes one use of a limited-use token. Returns null when the token is not live; <c>LastUse</c> tells the
    /// caller to revoke the token once the request is done (Vault revokes after the final use). The remaining count
    /// is stored, so a restart does not hand a limited-use token its spent uses back.
    /// </summary>
    public async ValueTask<(TokenEntry Entry, bool LastUse)?> UseAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        if (!_byId.TryGetValue(tokenId, out var entry) || !IsLive(entry))
        {
            return null;
        }

        if (entry.NumUses == 0)
        {
            return (entry, false);
        }

        bool lastUse;
        lock (_useLock)
        {
            if (entry.NumUses <= 0)
            {
                return null;
            }

            entry.NumUses--;
            lastUse = entry.NumUses == 0;
            if (lastUse)
            {
                // -1 marks a token whose last use is in flight: no further request may use it.
                entry.NumUses = -1;
            }
        }

        await PersistAsync(entry, cancellationToken);
        return (entry, lastUse);
    }

    /// <summary>Records a renewal: new expiry from now, rescheduled.</summary>
    public async ValueTask RenewedAsync(TokenEntry entry, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var now = Now;
        entry.LastRenewalTime = now;
        entry.ExpireTime = now + ttl;
        await PersistAsync(entry, cancellationToken);
        Expiration.ScheduleTokenExpiry(entry);
    }

    /// <summary>Revokes a token, all its descendants, their leases and cubbyholes.</summary>
    public async ValueTask RevokeTreeAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        if (_children.TryRemove(tokenId, out var children))
        {
            foreach (var child in children.Keys)
            {
                await RevokeTreeAsync(child, cancellationToken);
            }
        }

        await RevokeOneAsync(tokenId, cancellationToken);
    }

    /// <summary>Revokes a token but keeps its children, which become orphans.</summary>
    public async ValueTask RevokeOrphanAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        if (_children.TryRemove(tokenId, out var children))
        {
            foreach (var childId in children.Keys)
            {
                if (_byId.TryGetValue(childId, out var child))
                {
                    child.Parent = "";
                    await PersistAsync(child, cancellationToken);
                }
            }
        }

        await RevokeOneAsync(tokenId, cancellationToken);
    }

    /// <summary>Indexes every stored token and schedules its expiry (at unseal); one that expired meanwhile is revoked at once.</summary>
    public async ValueTask LoadAsync(CancellationToken cancellationToken = default)
    {
        // In one read of the folder, not one per token: on PostgreSQL that is one query instead of a round trip each.
        var entries = await _storage.GetChildrenJsonAsync<TokenEntry>(IdPrefix, cancellationToken);
        foreach (var entry in entries)
        {
            _byId[entry.Id] = entry;
            _idByAccessor[entry.Accessor] = entry.Id;
            if (!entry.Orphan)
            {
                _children.GetOrAdd(entry.Parent, _ => new(StringComparer.Ordinal))[entry.Id] = 0;
            }
        }

        // Scheduled once the whole tree is indexed, so an expired parent revokes its children too.
        foreach (var entry in entries)
        {
            Expiration.ScheduleTokenExpiry(entry);
        }
    }

    /// <summary>Forgets the in-memory index (at seal); storage keeps every token.</summary>
    public void Unload()
    {
        _byId.Clear();
        _idByAccessor.Clear();
        _children.Clear();
    }

    public IReadOnlyList<string> Accessors() => [.. _idByAccessor.Keys.Order(StringComparer.Ordinal)];

    private bool IsLive(TokenEntry entry) => entry.NumUses >= 0 && (entry.ExpireTime is null || entry.ExpireTime > Now);

    private async ValueTask RevokeOneAsync(string tokenId, CancellationToken cancellationToken)
    {
        if (!_byId.TryRemove(tokenId, out var entry))
        {
            return;
        }

        _idByAccessor.TryRemove(entry.Accessor, out _);
        if (!entry.Orphan && _children.TryGetValue(entry.Parent, out var siblings))
        {
            siblings.TryRemove(tokenId, out _);
        }

        Expiration.CancelTokenExpiry(tokenId);
        await Expiration.RevokeByTokenAsync(tokenId, cancellationToken);
        await Cubbyholes.DestroyAsync(tokenId, cancellationToken);
        await _storage.DeleteAsync(StorageKey(tokenId), cancellationToken);
    }

    private async ValueTask PersistAsync(TokenEntry entry, CancellationToken cancellationToken)
    {
        await _storage.PutJsonAsync(StorageKey(entry.Id), entry, cancellationToken);

        // A revocation may have deleted the entry while this write was in flight; a revoked token must not come
        // back from storage at the next unseal.
        if (!_byId.ContainsKey(entry.Id))
        {
            await _storage.DeleteAsync(StorageKey(entry.Id), cancellationToken);
        }
    }

    // Storage keys use a hash of the id, as Vault's salted ids, so a storage dump holds no usable token.
    private static string StorageKey(string tokenId) =>
        IdPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tokenId)));
}
