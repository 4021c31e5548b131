namespace DevVault.Policies;

/// <summary>
/// The glob Vault matches parameter values with (ryanuber/go-glob): <c>*</c> stands for any run of characters,
/// anywhere and any number of times (<c>*x*</c> is "contains x"); everything else matches literally.
/// </summary>
public static class Glob
{
    public static bool Matches(string pattern, string value)
    {
        if (pattern == "*")
        {
            return true;
        }

        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return pattern == value;
        }

        if (!value.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = value.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        var last = parts[^1];
        return value.Length - position >= last.Length && value.EndsWith(last, StringComparison.Ordinal);
    }
}
