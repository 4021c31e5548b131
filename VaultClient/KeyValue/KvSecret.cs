namespace VaultDemo.VaultClient.KeyValue;

/// <summary>
/// One KV v2 version. A soft-deleted or destroyed version is still returned (Vault answers 404 with its metadata):
/// then <see cref="Data"/> is default and <see cref="IsDeleted"/> says why.
/// </summary>
public sealed class KvSecret<T>(T? data, KvVersionMetadata metadata)
{
    public T? Data { get; } = data;

    public KvVersionMetadata Metadata { get; } = metadata;

    public int Version => Metadata.Version;

    public bool IsDeleted => Metadata.Destroyed || Metadata.DeletionTime is not null;

    public override string ToString() => $"KvSecret {{ Version = {Version}, IsDeleted = {IsDeleted} }}";
}
