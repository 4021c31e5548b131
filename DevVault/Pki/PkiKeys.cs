using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DevVault.Core;

namespace DevVault.Pki;

/// <summary>
/// Key pairs for PKI: RSA and ECDSA from .NET's own implementations, exported in the PEM forms Vault returns
/// (<c>RSA PRIVATE KEY</c> / <c>EC PRIVATE KEY</c>, or PKCS#8 when asked). Ed25519 is refused: .NET's X.509
/// APIs cannot sign with it, and this engine builds certificates only through them.
/// </summary>
public static class PkiKeys
{
    public static (string Type, int Bits) Validate(string? keyType, long? keyBits, bool allowAny = false)
    {
        var type = string.IsNullOrEmpty(keyType) ? "rsa" : keyType;
        var bits = (int)(keyBits ?? 0);
        switch (type)
        {
            case "rsa":
                bits = bits == 0 ? 2048 : bits;
                return bits is 2048 or 3072 or 4096 or 8192 ? (type, bits) : throw VaultException.BadRequest($"unsupported bit length for RSA key: {bits}");
            case "ec":
                bits = bits == 0 ? 256 : bits;
                return bits is 224 or 256 or 384 or 521 ? (type, bits) : throw VaultException.BadRequest($"unsupported bit length for EC key: {bits}");
            case "any" when allowAny:
                return (type, 0);
            case "ed25519":
                throw VaultException.BadRequest("key_type \"ed25519\" is not supported by DevVault: .NET's X.509 APIs cannot sign with Ed25519 keys");
            default:
                throw VaultException.BadRequest($"unknown key type {type}");
        }
    }

    public static AsymmetricAlgorithm Generate(string type, int bits) => type switch
    {
        "rsa" => RSA.Create(bits),
        "ec" => ECDsa.Create(bits switch
        {
            224 => ECCurve.CreateFromFriendlyName("secp224r1"),
            384 => ECCurve.NamedCurves.nistP384,
            521 => ECCurve.NamedCurves.nistP521,
            _ => ECCurve.NamedCurves.nistP256,
        }),
        _ => throw VaultException.BadRequest($"unknown key type {type}"),
    };

    /// <summary>The signature hash Vault pairs with a key: SHA-256, or SHA-384/512 for the larger curves.</summary>
    public static HashAlgorithmName HashFor(AsymmetricAlgorithm key) => key is ECDsa { KeySize: 384 }
        ? HashAlgorithmName.SHA384
        : key is ECDsa { KeySize: 521 } ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

    public static X509SignatureGenerator SignatureGenerator(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        _ => throw new NotSupportedException($"Signing with {key.GetType().Name} keys is not supported."),
    };

    public static string TypeName(AsymmetricAlgorithm key) => key is RSA ? "rsa" : "ec";

    /// <summary>The private key as Vault returns it: PKCS#1/SEC1 PEM by default, PKCS#8 for <c>private_key_format=pkcs8</c>.</summary>
    public static string ExportPem(AsymmetricAlgorithm key, string format = "der") => (key, format) switch
    {
        (_, "pkcs8") => key.ExportPkcs8PrivateKeyPem(),
        (RSA rsa, _) => rsa.ExportRSAPrivateKeyPem(),
        (ECDsa ec, _) => ec.ExportECPrivateKeyPem(),
        _ => throw new NotSupportedException($"Exporting {key.GetType().Name} keys is not supported."),
    };

    /// <summary>Loads a key stored by <see cref="ExportPem"/> (any of its PEM forms) of the given type.</summary>
    public static AsymmetricAlgorithm Import(string pem, string type)
    {
        AsymmetricAlgorithm key = type == "rsa" ? RSA.Create() : ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    }

    /// <summary>True when <paramref name="certificate"/> carries the public half of <paramref name="key"/>.</summary>
    public static bool Matches(X509Certificate2 certificate, AsymmetricAlgorithm key) =>
        certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key switch
        {
            RSA rsa => rsa.ExportSubjectPublicKeyInfo(),
            ECDsa ec => ec.ExportSubjectPublicKeyInfo(),
            _ => [],
        });
}
