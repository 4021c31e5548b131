namespace DevVault.Transit;

/// <summary>One named key as persisted in the mount's storage under <c>policy/&lt;name&gt;</c>.</summary>
public sealed class TransitKeyRecord
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public bool Derived { get; init; }

    public bool ConvergentEncryption { get; init; }

    public bool Exportable { get; set; }

    public bool AllowPlaintextBackup { get; set; }

    public bool DeletionAllowed { get; set; }

    public int MinDecryptionVersion { get; set; } = 1;

    public int MinEncryptionVersion { get; set; }

    public int LatestVersion { get; set; }

    public long AutoRotatePeriodSeconds { get; set; }

    public int KeySize { get; init; }

    public Dictionary<int, TransitKeyVersionRecord> Versions { get; init; } = [];
}

/// <summary>Material of one key version. Symmetric types use <see cref="Key"/>; ECDSA keeps a PKCS#8 private key.</summary>
public sealed class TransitKeyVersionRecord
{
    public byte[]? Key { get; init; }

    public required byte[] HmacKey { get; init; }

    public byte[]? PrivateKeyPkcs8 { get; init; }

    public string? PublicKeyPem { get; init; }

    public required DateTimeOffset CreationTime { get; init; }
}
