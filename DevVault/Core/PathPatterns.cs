namespace DevVault.Core;

/// <summary>Vault's special-path matching (PathsSpecial): exact, or a trailing <c>*</c> for a prefix.</summary>
public static class PathPatterns
{
    public static bool Matches(string pattern, string path) =>
        pattern.EndsWith('*')
            ? path.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, path, StringComparison.Ordinal) || string.Equals(pattern, path.TrimEnd('/'), StringComparison.Ordinal);

    public static bool MatchesAny(IReadOnlyList<string> patterns, string path)
    {
        foreach (var pattern in patterns)
        {
            if (Matches(pattern, path))
            {
                return true;
            }
        }

        return false;
    }
}
