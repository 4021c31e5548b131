using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Database;

/// <summary>
/// Statement fields as Vault accepts them: a JSON list, a single string, a JSON-array string, or base64 of any
/// of those. Each statement may hold several SQL commands separated by <c>;</c>, run one by one.
/// </summary>
public static class StatementList
{
    public static List<string>? Read(JsonObject data, string field)
    {
        if (!data.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        var raw = node is JsonArray array
            ? array.Select(i => i?.GetValue<string>() ?? "").ToList()
            : [node.GetValue<string>()];
        return [.. raw.SelectMany(Expand).Where(s => s.Trim().Length > 0)];
    }

    /// <summary>The SQL commands of one statement, templated (<c>{{name}}</c> is <c>{{username}}</c>).</summary>
    public static IEnumerable<string> Commands(string statement, IReadOnlyDictionary<string, string> values)
    {
        foreach (var command in statement.Split(';'))
        {
            var text = command.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            foreach (var (key, value) in values)
            {
                text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
            }

            yield return text;
        }
    }

    private static IEnumerable<string> Expand(string value)
    {
        var text = value.Trim();
        if (text.Length > 0 && !text.Contains(' ') && text.Length % 4 == 0 && TryBase64(text, out var decoded))
        {
            text = decoded;
        }

        if (text.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<List<string>>(text) ?? [];
            }
            catch (JsonException)
            {
                throw VaultException.BadRequest("statements must be a JSON array of strings");
            }
        }

        return [text];
    }

    private static bool TryBase64(string text, out string decoded)
    {
        decoded = "";
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        try
        {
            decoded = new UTF8Encoding(false, true).GetString(buffer, 0, written);
            return decoded.Any(c => c == ' ');
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
