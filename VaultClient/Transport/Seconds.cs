using System.Text.Json;
using System.Text.Json.Serialization;

namespace VaultDemo.VaultClient.Transport;

/// <summary>Writes a <see cref="TimeSpan"/> as whole seconds (Vault accepts ints for every duration field) and reads ints or duration strings.</summary>
internal sealed class SecondsConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => TimeSpan.FromSeconds(reader.GetInt64()),
        JsonTokenType.String => ParseDuration(reader.GetString()!),
        _ => throw new JsonException("expected a duration"),
    };

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue((long)value.TotalSeconds);

    /// <summary>Parses Vault/Go durations such as <c>0s</c>, <c>90</c>, <c>1h30m</c>, <c>3h25m19s</c>.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        if (long.TryParse(text, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var total = TimeSpan.Zero;
        var number = 0.0;
        var span = text.AsSpan();
        var start = 0;
        for (var i = 0; i < span.Length; i++)
        {
            if (char.IsDigit(span[i]) || span[i] == '.')
            {
                continue;
            }

            number = double.Parse(span[start..i], System.Globalization.CultureInfo.InvariantCulture);
            var unitEnd = i;
            while (unitEnd < span.Length && char.IsLetter(span[unitEnd]))
            {
                unitEnd++;
            }

            total += span[i..unitEnd] switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                _ => throw new FormatException($"'{text}' is not a duration"),
            };
            start = unitEnd;
            i = unitEnd - 1;
        }

        return total;
    }
}

/// <summary>Nullable variant of <see cref="SecondsConverter"/>, so unset durations are simply omitted.</summary>
internal sealed class NullableSecondsConverter : JsonConverter<TimeSpan?>
{
    private static readonly SecondsConverter Inner = new();

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(TimeSpan), options);

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            Inner.Write(writer, v, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>KV returns <c>""</c> for "no deletion time"; that means null here.</summary>
internal sealed class OptionalTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        return string.IsNullOrEmpty(text) ? null : DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(v);
        }
        else
        {
            writer.WriteStringValue(string.Empty);
        }
    }
}
