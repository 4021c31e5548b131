using DevVault.Storage;

namespace DevVault.Cubbyhole;

/// <summary>Per-token private storage (cubbyholes), destroyed with the token; response wrapping keeps wrapped replies here.</summary>
public sealed class CubbyholeStore(IStorage storage)
{
    private readonly IStorage _storage = new StorageView(storage, "cubbyhole/");

    /// <summary>The storage of one token's cubbyhole.</summary>
    public IStorage For(string tokenId) => new StorageView(_storage, Prefix(tokenId));

    public async ValueTask DestroyAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        var view = For(tokenId);
        foreach (var key in await ListAllAsync(view, "", cancellationToken))
        {
            await view.DeleteAsync(key, cancellationToken);
        }
    }

    private static async Task<List<string>> ListAllAsync(IStorage view, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var key in await view.ListAsync(prefix, cancellationToken))
        {
            if (key.EndsWith('/'))
            {
                keys.AddRange(await ListAllAsync(view, prefix + key, cancellationToken));
            }
            else
            {
                keys.Add(prefix + key);
            }
        }

        return keys;
    }

    private static string Prefix(string tokenId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tokenId))) + "/";
}
