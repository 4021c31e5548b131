using System.Security.Cryptography;
using DevVault.Core;

namespace DevVault.Transit;

/// <summary>Vault's hash algorithm names (<c>sha2-256</c>, ...) mapped onto .NET's one-shot hash and HMAC functions.</summary>
public static class TransitHashes
{
    public static byte[] Hash(string algorithm, ReadOnlySpan<byte> input) => algorithm switch
    {
        "sha2-224" => throw Unsupported(algorithm),
        "sha2-256" => SHA256.HashData(input),
        "sha2-384" => SHA384.HashData(input),
        "sha2-512" => SHA512.HashData(input),
        "sha3-256" when SHA3_256.IsSupported => SHA3_256.HashData(input),
        "sha3-384" when SHA3_384.IsSupported => SHA3_384.HashData(input),
        "sha3-512" when SHA3_512.IsSupported => SHA3_512.HashData(input),
        _ => throw Unsupported(algorithm),
    };

    public static byte[] Hmac(string algorithm, byte[] key, ReadOnlySpan<byte> input) => algorithm switch
    {
        "sha2-256" => HMACSHA256.HashData(key, input),
        "sha2-384" => HMACSHA384.HashData(key, input),
        "sha2-512" => HMACSHA512.HashData(key, input),
        "sha3-256" when HMACSHA3_256.IsSupported => HMACSHA3_256.HashData(key, input),
        "sha3-384" when HMACSHA3_384.IsSupported => HMACSHA3_384.HashData(key, input),
        "sha3-512" when HMACSHA3_512.IsSupported => HMACSHA3_512.HashData(key, input),
        _ => throw Unsupported(algorithm),
    };

    private static VaultException Unsupported(string algorithm) => VaultException.BadRequest($"unsupported hash algorithm {algorithm}");
}
