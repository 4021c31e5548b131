using System.Security.Cryptography;

namespace DevVault.Database;

/// <summary>Usernames and passwords as Vault's PostgreSQL plugin and default password policy make them.</summary>
public static class CredentialGenerator
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string Alphanumeric = Lower + Upper + Digits;

    /// <summary><c>v-&lt;display 8&gt;-&lt;role 8&gt;-&lt;random 20&gt;-&lt;unix&gt;</c>, at most 63 characters (PostgreSQL's limit).</summary>
    public static string Username(string displayName, string roleName, DateTimeOffset now)
    {
        var name = $"v-{Truncate(displayName, 8)}-{Truncate(roleName, 8)}-{RandomNumberGenerator.GetString(Alphanumeric, 20)}-{now.ToUnixTimeSeconds()}";
        return Truncate(name, 63);
    }

    /// <summary>Vault's default password policy: 20 characters with at least one lower, upper, digit and dash.</summary>
    public static string Password()
    {
        const string charset = Alphanumeric + "-";
        while (true)
        {
            var candidate = RandomNumberGenerator.GetString(charset, 20);
            if (candidate.Any(char.IsAsciiLetterLower) && candidate.Any(char.IsAsciiLetterUpper) && candidate.Any(char.IsAsciiDigit) && candidate.Contains('-'))
            {
                return candidate;
            }
        }
    }

    /// <summary>The <c>{{expiration}}</c> value: Go's "2006-01-02 15:04:05-0700" layout.</summary>
    public static string Expiration(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "+0000";

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
