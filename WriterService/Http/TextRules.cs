namespace VaultDemo.WriterService.Http;

/// <summary>Character rules shared by paths, keys and ids.</summary>
internal static class TextRules
{
    /// <summary>Letters, digits, dot, underscore and hyphen: safe in Vault paths, URLs, logs and SQL identifiers' values.</summary>
    public static bool IsSafeName(ReadOnlySpan<char> text, int maxLength) =>
        text.Length is > 0 && text.Length <= maxLength && !text.ContainsAnyExcept(SafeNameChars);

    /// <summary>Free text may hold tabs and line breaks (PEM keys do), but no other control character.</summary>
    public static bool HasForbiddenControlCharacter(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly System.Buffers.SearchValues<char> SafeNameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
}
