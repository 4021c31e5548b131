using System.Security.Cryptography;
using System.Text;

namespace DevVault.Userpass;

/// <summary>
/// A slow, salted password hash: PBKDF2 with HMAC-SHA-512 and OWASP's recommended 210,000 iterations (2023).
/// The iteration count is stored with the hash, so it can be raised later without breaking old users.
/// </summary>
public sealed record PasswordHash(string Algorithm, int Iterations, byte[] Salt, byte[] Hash)
{
    public const string Pbkdf2Sha512 = "pbkdf2-sha512";
    public const int DefaultIterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A hash of a password nobody has: verifying against it costs what a real check costs.</summary>
    public static readonly PasswordHash Decoy = Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));

    public static PasswordHash Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash(Pbkdf2Sha512, DefaultIterations, salt, Derive(password, salt, DefaultIterations));
    }

    public bool Verify(string password) =>
        Algorithm == Pbkdf2Sha512 && CryptographicOperations.FixedTimeEquals(Derive(password, Salt, Iterations), Hash);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
}
