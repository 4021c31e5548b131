using VaultDemo.WriterService.Http;

namespace VaultDemo.WriterService.Idempotency;

/// <summary>The optional <c>Idempotency-Key</c> request header (IETF draft-ietf-httpapi-idempotency-key-header).</summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    private const int MaxLength = 128;

    /// <summary>The key, or null when absent; a malformed one is a validation error on the field <c>Idempotency-Key</c>.</summary>
    public static string? Read(HttpRequest request, ValidationErrors errors)
    {
        if (!request.Headers.TryGetValue(Name, out var values))
        {
            return null;
        }

        // The draft sends the key as a structured-field string; accept the quoted form and the bare one.
        var key = values.Count == 1 ? values[0]?.Trim('"') : null;
        if (key is null || !TextRules.IsSafeName(key, MaxLength))
        {
            errors.Add(Name, $"Send one {Name} of 1 to {MaxLength} of the characters A-Z a-z 0-9 . _ - (a UUID will do).");
            return null;
        }

        return key;
    }
}
