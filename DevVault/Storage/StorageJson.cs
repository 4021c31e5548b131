using System.Text.Json;

namespace DevVault.Storage;

/// <summary>Typed JSON helpers over <see cref="IStorage"/>, the way engines persist their records.</summary>
public static class StorageJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async ValueTask<T?> GetJsonAsync<T>(this IStorage storage, string key, CancellationToken cancellationToken = default)
    {
        var bytes = await storage.GetAsync(key, cancellationToken);
        return bytes is null ? default : JsonSerializer.Deserialize<T>(bytes, Options);
    }

    public static ValueTask PutJsonAsync<T>(this IStorage storage, string key, T value, CancellationToken cancellationToken = default) =>
        storage.PutAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Options), cancellationToken);

    /// <summary>Every record directly under <paramref name="prefix"/>, read in one go (see <see cref="IStorage.GetChildrenAsync"/>).</summary>
    public static async ValueTask<IReadOnlyList<T>> GetChildrenJsonAsync<T>(this IStorage storage, string prefix, CancellationToken cancellationToken = default) =>
        [.. (await storage.GetChildrenAsync(prefix, cancellationToken)).Select(child => JsonSerializer.Deserialize<T>(child.Value, Options)!)];

    /// <summary>The put of <paramref name="value"/> as JSON, for a batch given to <see cref="IStorage.WriteAsync"/>.</summary>
    public static StorageWrite JsonWrite<T>(string key, T value) => StorageWrite.Put(key, JsonSerializer.SerializeToUtf8Bytes(value, Options));
}
