namespace DevVault.Storage;

/// <summary>One change in a batch given to <see cref="IStorage.WriteAsync"/>: a put, or a delete when <see cref="Value"/> is null.</summary>
public sealed record StorageWrite(string Key, byte[]? Value)
{
    public static StorageWrite Put(string key, byte[] value) => new(key, value);

    public static StorageWrite Delete(string key) => new(key, null);
}
