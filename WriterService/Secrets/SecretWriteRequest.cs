using System.Text.Json;
using VaultDemo.WriterService.Http;

namespace VaultDemo.WriterService.Secrets;

/// <summary>The body of <c>PUT /api/secrets/{path}</c>: <c>{"data": {"key": "value", ...}, "cas": n}</c>.</summary>
public sealed record SecretWriteRequest(IReadOnlyDictionary<string, string> Data, int? Cas)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxKeys = 64;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 16 * 1024;

    /// <summary>Validates every field and reports all that are wrong, naming each; values are never quoted back.</summary>
    internal static SecretWriteRequest? Parse(JsonElement body, ValidationErrors errors)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("data" or "cas"))
            {
                errors.Add("body", "Only the properties 'data' and 'cas' are allowed.");
                break;
            }
        }

        var data = ParseData(body, errors);
        var cas = ParseCas(body, errors);
        return errors.IsEmpty ? new SecretWriteRequest(data, cas) : null;
    }

    private static Dictionary<string, string> ParseData(JsonElement body, ValidationErrors errors)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!body.TryGetProperty("data", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("data", "'data' is required and must be an object of string values.");
            return data;
        }

        var index = 0;
        foreach (var property in element.EnumerateObject())
        {
            var field = TextRules.IsSafeName(property.Name, MaxKeyLength) ? $"data.{property.Name}" : $"data[{index}]";
            if (!TextRules.IsSafeName(property.Name, MaxKeyLength))
            {
                errors.Add(field, $"Keys must be 1 to {MaxKeyLength} of the characters A-Z a-z 0-9 . _ -.");
            }
            else if (property.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(field, "Values must be strings.");
            }
            else if (property.Value.GetString() is not { } value || value.Length > MaxValueLength)
            {
                errors.Add(field, $"Values must be at most {MaxValueLength} characters.");
            }
            else if (TextRules.HasForbiddenControlCharacter(value))
            {
                errors.Add(field, "Values must not contain control characters other than tab and line breaks.");
            }
            else if (!data.TryAdd(property.Name, value))
            {
                errors.Add(field, "The key appears more than once.");
            }

            index++;
        }

        if (index == 0)
        {
            errors.Add("data", "'data' must hold at least one key.");
        }
        else if (index > MaxKeys)
        {
            errors.Add("data", $"'data' may hold at most {MaxKeys} keys.");
        }

        return data;
    }

    private static int? ParseCas(JsonElement body, ValidationErrors errors)
    {
        if (!body.TryGetProperty("cas", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var cas) && cas >= 0)
        {
            return cas;
        }

        errors.Add("cas", "'cas' must be a non-negative integer: 0 writes only if the secret does not exist, n only if n is the current version.");
        return null;
    }
}
