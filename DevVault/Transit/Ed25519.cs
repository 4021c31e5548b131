using System.Numerics;
using System.Security.Cryptography;

namespace DevVault.Transit;

/// <summary>
/// Ed25519 (RFC 8032, section 5.1) over <see cref="BigInteger"/>, because .NET has no built-in Ed25519.
/// Plain big-integer arithmetic is not constant-time: fine for a development server whose keys guard test
/// data, never a model for production signing.
/// </summary>
public sealed class Ed25519
{
    public const int SeedLength = 32;
    public const int PublicKeyLength = 32;
    public const int SignatureLength = 64;

    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point Base = DecodeBasePoint();

    private readonly BigInteger _scalar;
    private readonly byte[] _prefix;

    private Ed25519(byte[] seed)
    {
        // 5.1.5: the private scalar is the clamped first half of SHA-512(seed); the second half prefixes nonces.
        var h = SHA512.HashData(seed);
        var scalarBytes = h.AsSpan(0, 32).ToArray();
        scalarBytes[0] &= 248;
        scalarBytes[31] &= 127;
        scalarBytes[31] |= 64;
        _scalar = FromLittleEndian(scalarBytes);
        _prefix = h[32..];
        PublicKey = Encode(Multiply(Base, _scalar));
    }

    public byte[] PublicKey { get; }

    /// <summary>Expands a 32-byte private key (the RFC's "secret key", Go's seed) once, for repeated signing.</summary>
    public static Ed25519 FromSeed(ReadOnlySpan<byte> seed) =>
        seed.Length == SeedLength ? new Ed25519(seed.ToArray()) : throw new ArgumentException($"an Ed25519 seed has {SeedLength} bytes", nameof(seed));

    /// <summary>5.1.6: a deterministic signature R || S.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var r = Mod(FromLittleEndian(Sha512(_prefix, message)), L);
        var encodedR = Encode(Multiply(Base, r));
        var k = Mod(FromLittleEndian(Sha512(encodedR, PublicKey, message)), L);
        var s = Mod(r + (k * _scalar), L);
        return [.. encodedR, .. ToLittleEndian(s)];
    }

    /// <summary>5.1.7: false for any malformed key or signature, never an exception.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        if (Decode(publicKey) is not { } a || Decode(signature[..32]) is not { } r)
        {
            return false;
        }

        var s = FromLittleEndian(signature[32..]);
        if (s >= L)
        {
            return false;
        }

        var k = Mod(FromLittleEndian(Sha512(signature[..32], publicKey, message)), L);
        return Equal(Multiply(Base, s), Add(r, Multiply(a, k)));
    }

    private static byte[] Sha512(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(first);
        hash.AppendData(second);
        hash.AppendData(third);
        return hash.GetHashAndReset();
    }

    // Points in extended homogeneous coordinates (x = X/Z, y = Y/Z, x*y = T/Z), section 5.1.4.
    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);

    private static Point Add(Point p, Point q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(2 * p.T * q.T * D);
        var d = Mod(2 * p.Z * q.Z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static Point Multiply(Point point, BigInteger scalar)
    {
        var result = new Point(0, 1, 1, 0);
        while (scalar > 0)
        {
            if (!scalar.IsEven)
            {
                result = Add(result, point);
            }

            point = Add(point, point);
            scalar >>= 1;
        }

        return result;
    }

    private static bool Equal(Point p, Point q) =>
        Mod((p.X * q.Z) - (q.X * p.Z)) == 0 && Mod((p.Y * q.Z) - (q.Y * p.Z)) == 0;

    private static byte[] Encode(Point point)
    {
        var zInverse = Inverse(point.Z);
        var x = Mod(point.X * zInverse);
        var y = Mod(point.Y * zInverse);
        var bytes = ToLittleEndian(y);
        bytes[31] |= (byte)(x.IsEven ? 0 : 0x80);
        return bytes;
    }

    private static Point? Decode(ReadOnlySpan<byte> encoded)
    {
        var bytes = encoded.ToArray();
        var sign = (bytes[31] & 0x80) != 0;
        bytes[31] &= 0x7f;
        var y = FromLittleEndian(bytes);
        if (y >= P)
        {
            return null;
        }

        // 5.1.3: x^2 = (y^2 - 1) / (d y^2 + 1); a square root is a candidate^((p+3)/8), possibly times sqrt(-1).
        var x2 = Mod((y * y - 1) * Inverse(Mod((D * y * y) + 1)));
        if (x2.IsZero)
        {
            return sign ? null : new Point(0, y, 1, 0);
        }

        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod((x * x) - x2) != 0)
        {
            x = Mod(x * SqrtMinusOne);
        }

        if (Mod((x * x) - x2) != 0)
        {
            return null;
        }

        if (!x.IsEven != sign)
        {
            x = P - x;
        }

        return new Point(x, y, 1, Mod(x * y));
    }

    private static Point DecodeBasePoint()
    {
        // The base point is the one with y = 4/5 and even x.
        var y = Mod(4 * Inverse(5));
        var bytes = ToLittleEndian(y);
        return Decode(bytes) ?? throw new InvalidOperationException("the Ed25519 base point does not decode");
    }

    private static BigInteger Mod(BigInteger value) => Mod(value, P);

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = BigInteger.Remainder(value, modulus);
        return r.Sign < 0 ? r + modulus : r;
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);

    private static BigInteger FromLittleEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    private static byte[] ToLittleEndian(BigInteger value)
    {
        var output = new byte[32];
        value.TryWriteBytes(output, out _, isUnsigned: true, isBigEndian: false);
        return output;
    }
}
