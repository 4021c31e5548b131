using System.Security.Cryptography;

namespace DevVault.Seal;

/// <summary>
/// Shamir's secret sharing over GF(2^8) (the AES field, polynomial x^8 + x^4 + x^3 + x + 1), byte by byte, as
/// Vault splits its root key: each share is the polynomial values for every secret byte followed by the share's
/// x coordinate (one byte, 1 to 255), so a share is one byte longer than the secret.
/// </summary>
public static class ShamirSecretSharing
{
    public const int MaxShares = 255;

    public static IReadOnlyList<byte[]> Split(ReadOnlySpan<byte> secret, int shares, int threshold)
    {
        if (shares is < 1 or > MaxShares || threshold < 1 || threshold > shares)
        {
            throw new ArgumentException($"Cannot split into {shares} shares with threshold {threshold}.");
        }

        if (secret.IsEmpty)
        {
            throw new ArgumentException("Cannot split an empty secret.", nameof(secret));
        }

        var xs = DistinctCoordinates(shares);
        var result = new byte[shares][];
        for (var i = 0; i < shares; i++)
        {
            result[i] = new byte[secret.Length + 1];
            result[i][secret.Length] = xs[i];
        }

        // One random polynomial of degree threshold-1 per secret byte, the byte as its constant term.
        var coefficients = new byte[threshold];
        for (var b = 0; b < secret.Length; b++)
        {
            RandomNumberGenerator.Fill(coefficients);
            coefficients[0] = secret[b];
            for (var i = 0; i < shares; i++)
            {
                result[i][b] = Evaluate(coefficients, xs[i]);
            }
        }

        CryptographicOperations.ZeroMemory(coefficients);
        return result;
    }

    /// <summary>
    /// Recombines shares by Lagrange interpolation at x = 0. Wrong shares give a wrong secret, not an error. Malformed
    /// sets throw with the wording of Vault's shamir package, which <c>sys/unseal</c> passes on to the client.
    /// </summary>
    public static byte[] Combine(IReadOnlyList<byte[]> shares)
    {
        if (shares.Count < 2)
        {
            throw new ArgumentException("less than two parts cannot be used to reconstruct the secret");
        }

        var length = shares[0].Length;
        if (length < 2)
        {
            throw new ArgumentException("parts must be at least two bytes");
        }

        if (shares.Any(s => s.Length != length))
        {
            throw new ArgumentException("all parts must be the same length");
        }

        var xs = shares.Select(s => s[length - 1]).ToArray();
        if (xs.Distinct().Count() != xs.Length)
        {
            throw new ArgumentException("duplicate part detected");
        }

        var secret = new byte[length - 1];
        for (var b = 0; b < secret.Length; b++)
        {
            byte value = 0;
            for (var i = 0; i < shares.Count; i++)
            {
                // Lagrange basis at 0: product over j != i of x_j / (x_j - x_i); subtraction is XOR in GF(2^8).
                byte basis = 1;
                for (var j = 0; j < shares.Count; j++)
                {
                    if (i != j)
                    {
                        basis = Multiply(basis, Divide(xs[j], (byte)(xs[j] ^ xs[i])));
                    }
                }

                value ^= Multiply(shares[i][b], basis);
            }

            secret[b] = value;
        }

        return secret;
    }

    private static byte[] DistinctCoordinates(int count)
    {
        // A random permutation of 1..255: x = 0 would reveal the secret byte itself.
        var all = Enumerable.Range(1, MaxShares).Select(x => (byte)x).ToArray();
        RandomNumberGenerator.Shuffle(all.AsSpan());
        return all[..count];
    }

    private static byte Evaluate(byte[] coefficients, byte x)
    {
        // Horner's rule from the highest coefficient down.
        byte result = 0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            result = (byte)(Multiply(result, x) ^ coefficients[i]);
        }

        return result;
    }

    private static byte Multiply(byte a, byte b)
    {
        // Constant-time shift-and-add multiplication with reduction by 0x1B.
        var product = 0;
        int x = a, y = b;
        for (var bit = 0; bit < 8; bit++)
        {
            product ^= x & -(y & 1);
            var carry = -((x >> 7) & 1);
            x = ((x << 1) ^ (0x1B & carry)) & 0xFF;
            y >>= 1;
        }

        return (byte)product;
    }

    private static byte Divide(byte a, byte b)
    {
        if (b == 0)
        {
            throw new DivideByZeroException();
        }

        return Multiply(a, Inverse(b));
    }

    /// <summary>b^254 = b^-1 in GF(2^8).</summary>
    private static byte Inverse(byte b)
    {
        byte result = 1;
        var power = b;
        for (var exponent = 254; exponent > 0; exponent >>= 1)
        {
            if ((exponent & 1) == 1)
            {
                result = Multiply(result, power);
            }

            power = Multiply(power, power);
        }

        return result;
    }
}
