using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DevVault.Core;

/// <summary>
/// Vault's weakly typed request fields (VAULT-API.md 0.1): ints accept <c>"10"</c>, durations accept
/// <c>3600</c> or <c>"1h"</c>, string lists accept a JSON array or a comma string, bools accept <c>"true"</c>.
/// A value of the wrong shape is a 400 that names the field, as Vault's framework replies.
/// </summary>
public static class Fields
{
    public static bool Has(this JsonObject data, string name) => data.TryGetPropertyValue(name, out var node) && node is not null;

    public static string? GetString(this JsonObject data, string name)
    {
        if (!data.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw Invalid(name, "expected a string"),
        };
    }

    public static string GetString(this JsonObject data, string name, string defaultValue) => data.GetString(name) ?? defaultValue;

    public static long? GetInt(this JsonObject data, string name)
    {
        if (!data.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.Number:
                if (node.AsValue().TryGetValue<long>(out var l))
                {
                    return l;
                }

                var d = node.GetValue<double>();
                if (d == Math.Floor(d))
                {
                    return (long)d;
                }

                break;
            case JsonValueKind.String:
                var s = node.GetValue<string>().Trim();
                if (s.Length == 0)
                {
                    return 0;
                }

                if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                break;
        }

        throw Invalid(name, $"cannot parse '{node.ToJsonString()}' as int");
    }

    public static long GetInt(this JsonObject data, string name, long defaultValue) => data.GetInt(name) ?? defaultValue;

    public static bool? GetBool(this JsonObject data, string name)
    {
        if (!data.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return node.GetValue<double>() != 0;
            case JsonValueKind.String:
                var s = node.GetValue<string>().Trim();
                if (s.Length == 0)
                {
                    return false;
                }

                // Go's strconv.ParseBool accepts 1, t, T, TRUE, true, True and the matching false forms.
                switch (s)
                {
                    case "1" or "t" or "T" or "true" or "TRUE" or "True":
                        return true;
                    case "0" or "f" or "F" or "false" or "FALSE" or "False":
                        return false;
                }

                break;
        }

        throw Invalid(name, $"cannot parse '{node.ToJsonString()}' as bool");
    }

    public static bool GetBool(this JsonObject data, string name, bool defaultValue) => data.GetBool(name) ?? defaultValue;

    /// <summary>A duration given as seconds (number or numeric string) or a Go duration string (<c>1h30m</c>, <c>90s</c>).</summary>
    public static TimeSpan? GetDuration(this JsonObject data, string name)
    {
        if (!data.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.Number:
                return TimeSpan.FromSeconds(node.GetValue<double>());
            case JsonValueKind.String:
                if (TryParseDuration(node.GetValue<string>(), out var duration))
                {
                    return duration;
                }

                break;
        }

        throw Invalid(name, $"time: invalid duration {node.ToJsonString()}");
    }

    public static TimeSpan GetDuration(this JsonObject data, string name, TimeSpan defaultValue) => data.GetDuration(name) ?? defaultValue;

    /// <summary>A list given as a JSON array or a comma-separated string; entries are trimmed and empty ones dropped.</summary>
    public static List<string>? GetStringList(this JsonObject data, string name)
    {
        if (!data.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.Array:
                var list = new List<string>();
                foreach (var item in node.AsArray())
                {
                    var text = item?.GetValueKind() switch
                    {
                        JsonValueKind.String => item.GetValue<string>(),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => item.ToJsonString(),
                        null => null,
                        _ => throw Invalid(name, "expected a list of strings"),
                    };
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        list.Add(text.Trim());
                    }
                }

                return list;
            case JsonValueKind.String:
                return [.. node.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        throw Invalid(name, "expected a list of strings or a comma-separated string");
    }

    /// <summary>A string map given as a JSON object, or as a JSON-encoded string of one (AppRole secret-id metadata).</summary>
    public static Dictionary<string, string>? GetStringMap(this JsonObject data, string name)
    {
        if (!data.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        var obj = node.GetValueKind() switch
        {
            JsonValueKind.Object => node.AsObject(),
            JsonValueKind.String when node.GetValue<string>().Length == 0 => new JsonObject(),
            JsonValueKind.String => ParseObject(name, node.GetValue<string>()),
            _ => throw Invalid(name, "expected a map of strings"),
        };

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            map[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
        }

        return map;
    }

    /// <summary>Parses a Go duration (<c>300ms</c>, <c>1.5h</c>, <c>2h45m</c>) or plain seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0)
        {
            return true;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+'))
        {
            s = s[1..];
        }

        double totalSeconds = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            double? factor = s[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => null,
            };
            if (factor is null)
            {
                return false;
            }

            totalSeconds += value * factor.Value;
        }

        duration = TimeSpan.FromSeconds(negative ? -totalSeconds : totalSeconds);
        return true;
    }

    /// <summary>Seconds as Vault puts durations on the wire (an integer).</summary>
    public static long ToSeconds(this TimeSpan duration) => (long)Math.Floor(duration.TotalSeconds);

    private static JsonObject ParseObject(string name, string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw Invalid(name, "expected a JSON object");
        }
        catch (JsonException)
        {
            throw Invalid(name, "expected a JSON object");
        }
    }

    private static VaultException Invalid(string field, string reason) =>
        VaultException.BadRequest($"Field validation failed: error converting input for field \"{field}\": {reason}");
}
