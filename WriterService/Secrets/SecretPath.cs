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

    /// <summary>
    /// The first <c>.</c> or <c>..</c> segment of the raw request target, as the client sent it (<c>%2e%2e</c> stays
    /// encoded), or null. Kestrel resolves dot segments, encoded ones too, before routing, so <c>a/%2e%2e/b</c> reaches
    /// the endpoint as <c>b</c>: only the raw target still shows what the client asked for.
    /// </summary>
    public static string? FindDotSegment(string rawTarget)
    {
        var path = rawTarget.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        foreach (var range in path.Split('/'))
        {
            var raw = path[range].ToString();
            // An encoded slash (%2F) can hide a dot segment inside what the router treats as one segment.
            foreach (var decoded in Uri.UnescapeDataString(raw).Split('/'))
            {
                if (decoded is "." or "..")
                {
                    return Uri.UnescapeDataString(raw) == decoded ? raw : decoded;
                }
            }
        }

        return null;
    }

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
