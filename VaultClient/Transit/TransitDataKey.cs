namespace VaultDemo.VaultClient.Transit;

/// <summary>A data key: store <see cref="Ciphertext"/>, use <see cref="Plaintext"/> in memory only (it is null for wrapped keys).</summary>
public sealed class TransitDataKey(string ciphertext, byte[]? plaintext, int keyVersion)
{
    public string Ciphertext { get; } = ciphertext;

    public byte[]? Plaintext { get; } = plaintext;

    public int KeyVersion { get; } = keyVersion;

    public override string ToString() => $"TransitDataKey {{ KeyVersion = {KeyVersion} }}";
}
