using System.Security.Cryptography;

namespace DevVault.Core;

/// <summary>Random identifiers in the formats Vault uses (all opaque to clients).</summary>
public static class Ids
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Base62String(int length) => RandomNumberGenerator.GetString(Base62, length);

    /// <summary>A service token: <c>hvs.</c> + 24 base62 characters, like Vault's dev-mode tokens.</summary>
    public static string ServiceToken() => "hvs." + Base62String(24);

    public static string Accessor() => Base62String(24);

    public static string Uuid() => Guid.NewGuid().ToString();

    /// <summary>A mount accessor such as <c>kv_1a2b3c4d</c>.</summary>
    public static string MountAccessor(string type) => $"{type}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
