using System.Buffers;

namespace VaultDemo.VaultClient.Transport;

/// <summary>Builds logical paths, escaping only the segments that need it (most never do).</summary>
internal static class VaultPath
{
    private static readonly SearchValues<char> Safe = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/");

    public static string Combine(string mount, string section, string path) => string.Concat(Trim(mount), "/", section, "/", Escape(Trim(path)));

    public static string Combine(string mount, string path) => string.Concat(Trim(mount), "/", Escape(Trim(path)));

    public static string Escape(string path)
    {
        if (!path.AsSpan().ContainsAnyExcept(Safe))
        {
            return path;
        }

        return string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
    }

    public static string Trim(string path) => path.Trim('/');

    /// <summary>Rejects empty segments and dot segments, which Vault refuses and which could escape a mount.</summary>
    public static string Validate(string path, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, parameterName);
        foreach (var range in path.AsSpan().Trim('/').Split('/'))
        {
            var segment = path.AsSpan().Trim('/')[range];
            if (segment.IsEmpty || segment.IsWhiteSpace() || segment is "." or "..")
            {
                throw new ArgumentException($"'{path}' is not a valid Vault path: empty, '.' and '..' segments are not allowed.", parameterName);
            }
        }

        return path;
    }
}
