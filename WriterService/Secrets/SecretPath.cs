using VaultDemo.WriterService.Http;

namespace VaultDemo.WriterService.Secrets;

/// <summary>
/// A path below the services' KV subtree: segments of letters, digits, <c>. _ -</c>, no empty, <c>.</c> or <c>..</c>
/// segment, bounded depth and length. Whatever passes cannot leave <c>secret/apps/</c> or smuggle anything into a log line.
/// </summary>
internal static class SecretPath
{
    public const int MaxLength = 256;
    public const int MaxDepth = 8;
    private const int MaxSegmentLength = 64;

    public static string? Validate(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "A path is required after /api/secrets/.";
        }

        if (path.Length > MaxLength)
        {
            return $"The path exceeds {MaxLength} characters.";
        }

        var segments = path.Split('/');
        if (segments.Length > MaxDepth)
        {
            return $"The path has more than {MaxDepth} segments.";
        }

        foreach (var segment in segments)
        {
            if (segment is "." or "..")
            {
                return "The path must not contain '.' or '..' segments.";
            }

            if (!TextRules.IsSafeName(segment, MaxSegmentLength))
            {
                return $"Each path segment must be 1 to {MaxSegmentLength} of the characters A-Z a-z 0-9 . _ - (no empty segments, spaces or control characters).";
            }
        }

        return null;
    }
}
