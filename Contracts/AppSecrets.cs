namespace VaultDemo.Contracts;

/// <summary>Where the services' secrets live in Vault; the bootstrapper's policies grant exactly this subtree.</summary>
public static class AppSecrets
{
    /// <summary>The KV v2 subtree (below the <c>secret/</c> mount) that writer and reader work in.</summary>
    public const string Subtree = "apps";

    /// <summary>The transit key that encrypts sensitive columns.</summary>
    public const string TransitKey = "app-data";

    private const string RegisteredUsersFolder = "registered-users/";

    /// <summary>The secret of a registered user, below <see cref="Subtree"/>.</summary>
    public static string RegisteredUserPath(string userId) => RegisteredUsersFolder + userId;

    /// <summary>The user id when <paramref name="path"/> is a registered user's secret.</summary>
    public static bool TryGetRegisteredUserId(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? userId)
    {
        userId = path.StartsWith(RegisteredUsersFolder, StringComparison.Ordinal) ? path[RegisteredUsersFolder.Length..] : null;
        return userId is { Length: > 0 } && !userId.Contains('/');
    }

    /// <summary>The KV path (relative to the mount) of an application path.</summary>
    public static string KvPath(string path) => $"{Subtree}/{path}";
}
