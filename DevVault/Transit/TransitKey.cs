using System.Security.Cryptography;
using DevVault.Core;

namespace DevVault.Transit;

/// <summary>
/// A loaded key: the persisted record plus decoded material, cached by the backend so requests do no parsing.
/// Immutable once built; configuration changes and rotations build a new instance.
/// </summary>
public sealed class TransitKey
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly Dictionary<int, ECDsa> _signers = [];
    private readonly Dictionary<int, Ed25519> _edSigners = [];

    public TransitKey(TransitKeyRecord record)
    {
        Record = record;
        Type = TransitKeyTypes.TryParse(record.Type, out var type) ? type : throw new InvalidOperationException($"stored key has unknown type {record.Type}");
        if (Type == TransitKeyType.Ed25519)
        {
            foreach (var (version, material) in record.Versions)
            {
                _edSigners[version] = Ed25519.FromSeed(material.Key);
            }
        }
        else if (Type.IsAsymmetric())
        {
            foreach (var (version, material) in record.Versions)
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(material.PrivateKeyPkcs8, out _);
                _signers[version] = ecdsa;
            }
        }
    }

    public TransitKeyRecord Record { get; }

    public TransitKeyType Type { get; }

    public string Name => Record.Name;

    public static TransitKeyVersionRecord NewVersion(TransitKeyType type, int keySize, DateTimeOffset now)
    {
        var hmacKey = RandomNumberGenerator.GetBytes(32);
        switch (type)
        {
            case TransitKeyType.EcdsaP256:
                using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    return new TransitKeyVersionRecord
                    {
                        HmacKey = hmacKey,
                        PrivateKeyPkcs8 = ecdsa.ExportPkcs8PrivateKey(),
                        PublicKeyPem = ecdsa.ExportSubjectPublicKeyInfoPem(),
                        CreationTime = now,
                    };
                }

            case TransitKeyType.Ed25519:
                // Key holds the 32-byte seed; Vault shows an Ed25519 public key as base64 of its 32 raw bytes, not PEM.
                var seed = RandomNumberGenerator.GetBytes(Ed25519.SeedLength);
                return new TransitKeyVersionRecord
                {
                    Key = seed,
                    HmacKey = hmacKey,
                    PublicKeyPem = Convert.ToBase64String(Ed25519.FromSeed(seed).PublicKey),
                    CreationTime = now,
                };

            case TransitKeyType.Hmac:
                var key = RandomNumberGenerator.GetBytes(keySize);
                return new TransitKeyVersionRecord { Key = key, HmacKey = key, CreationTime = now };
            default:
                return new TransitKeyVersionRecord { Key = RandomNumberGenerator.GetBytes(type.KeyLength()), HmacKey = hmacKey, CreationTime = now };
        }
    }

    /// <summary>The version an operation uses: the requested one (0 = latest), checked against min_encryption_version.</summary>
    public int ResolveEncryptionVersion(long requested)
    {
        if (requested == 0)
        {
            return Record.LatestVersion;
        }

        if (requested < 0 || requested > Record.LatestVersion)
        {
            throw VaultException.BadRequest("requested version for encryption is greater than the latest key version");
        }

        if (Record.MinEncryptionVersion > 0 && requested < Record.MinEncryptionVersion)
        {
            throw VaultException.BadRequest("requested version for encryption is less than the minimum encryption key version");
        }

        return (int)requested;
    }

    public string Encrypt(int version, ReadOnlySpan<byte> plaintext, byte[]? context, ReadOnlySpan<byte> associatedData)
    {
        var key = EncryptionKey(version, context);
        var output = new byte[NonceLength + plaintext.Length + TagLength];
        var nonce = output.AsSpan(0, NonceLength);
        if (Record.ConvergentEncryption)
        {
            // Same plaintext and context give the same nonce (hence the same ciphertext); the key is already per-context.
            using var nonceMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Record.Versions[version].HmacKey);
            nonceMac.AppendData(context ?? []);
            nonceMac.AppendData(plaintext);
            nonceMac.GetHashAndReset().AsSpan(0, NonceLength).CopyTo(nonce);
        }
        else
        {
            RandomNumberGenerator.Fill(nonce);
        }

        var ciphertext = output.AsSpan(NonceLength, plaintext.Length);
        var tag = output.AsSpan(NonceLength + plaintext.Length, TagLength);
        if (Type == TransitKeyType.ChaCha20Poly1305)
        {
            using var cipher = new ChaCha20Poly1305(key);
            cipher.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        else
        {
            using var cipher = new AesGcm(key, TagLength);
            cipher.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }

        return TransitCiphertext.Format(version, output);
    }

    public byte[] Decrypt(string ciphertext, byte[]? context, ReadOnlySpan<byte> associatedData) => Decrypt(ciphertext, context, associatedData, out _);

    public byte[] Decrypt(string ciphertext, byte[]? context, ReadOnlySpan<byte> associatedData, out int version)
    {
        var blob = TransitCiphertext.Parse(ciphertext, this, out version);
        var key = EncryptionKey(version, context);
        if (blob.Length < NonceLength + TagLength)
        {
            throw VaultException.BadRequest("invalid ciphertext: unable to decrypt");
        }

        var nonce = blob.AsSpan(0, NonceLength);
        var body = blob.AsSpan(NonceLength, blob.Length - NonceLength - TagLength);
        var tag = blob.AsSpan(blob.Length - TagLength);
        var plaintext = new byte[body.Length];
        try
        {
            if (Type == TransitKeyType.ChaCha20Poly1305)
            {
                using var cipher = new ChaCha20Poly1305(key);
                cipher.Decrypt(nonce, body, tag, plaintext, associatedData);
            }
            else
            {
                using var cipher = new AesGcm(key, TagLength);
                cipher.Decrypt(nonce, body, tag, plaintext, associatedData);
            }
        }
        catch (AuthenticationTagMismatchException)
        {
            throw VaultException.BadRequest("cipher: message authentication failed");
        }

        return plaintext;
    }

    public string Hmac(int version, string algorithm, ReadOnlySpan<byte> input)
    {
        var key = Record.Versions[version].HmacKey;
        return TransitCiphertext.Format(version, TransitHashes.Hmac(algorithm, key, input));
    }

    public bool VerifyHmac(string hmac, string algorithm, ReadOnlySpan<byte> input)
    {
        var expected = TransitCiphertext.Parse(hmac, this, out var version);
        var actual = TransitHashes.Hmac(algorithm, Record.Versions[version].HmacKey, input);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Signs <paramref name="digest"/>; for Ed25519 it is the message itself (Ed25519 hashes internally).</summary>
    public string Sign(int version, byte[] digest, bool jws)
    {
        if (Type == TransitKeyType.Ed25519)
        {
            var edSignature = _edSigners[version].Sign(digest);
            return "vault:v" + version + ":" + (jws ? Base64Url(edSignature) : Convert.ToBase64String(edSignature));
        }

        var signer = _signers[version];
        byte[] signature;
        lock (signer)
        {
            signature = signer.SignHash(digest, jws ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence);
        }

        return "vault:v" + version + ":" + (jws ? Base64Url(signature) : Convert.ToBase64String(signature));
    }

    public bool Verify(string signature, byte[] digest, bool jws)
    {
        var blob = TransitCiphertext.Parse(signature, this, out var version, jws);
        if (Type == TransitKeyType.Ed25519)
        {
            return Ed25519.Verify(_edSigners[version].PublicKey, digest, blob);
        }

        var signer = _signers[version];
        lock (signer)
        {
            return signer.VerifyHash(digest, blob, jws ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence);
        }
    }

    /// <summary>The private key as <c>export/signing-key</c> shows it: PEM for ECDSA, base64 of seed || public key for Ed25519 (as Vault does).</summary>
    public string ExportSigningKey(int version)
    {
        if (Type == TransitKeyType.Ed25519)
        {
            return Convert.ToBase64String([.. Record.Versions[version].Key!, .. _edSigners[version].PublicKey]);
        }

        var signer = _signers[version];
        lock (signer)
        {
            return signer.ExportECPrivateKeyPem();
        }
    }

    private byte[] EncryptionKey(int version, byte[]? context)
    {
        var key = Record.Versions[version].Key!;
        if (!Record.Derived)
        {
            return key;
        }

        if (context is null || context.Length == 0)
        {
            throw VaultException.BadRequest("missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key");
        }

        // Vault's "hkdf_sha256" KDF: HKDF-SHA256 over the version's key, no salt, the context as info.
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, key, key.Length, [], context);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
