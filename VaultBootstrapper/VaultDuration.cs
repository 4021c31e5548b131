using System.Globalization;

namespace VaultDemo.VaultBootstrapper;

/// <summary>Parses durations the way Vault's parameters accept them: whole seconds or Go-style <c>1h30m</c>, <c>45s</c>, <c>500ms</c>.</summary>
public static class VaultDuration
{
    public static TimeSpan Parse(string text, string name)
    {
        var value = text.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var total = TimeSpan.Zero;
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }

            var units = digits;
            while (units < rest.Length && char.IsAsciiLetter(rest[units]))
            {
                units++;
            }

            if (digits == 0 || units == digits || !double.TryParse(rest[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                throw Invalid(text, name);
            }

            total += rest[digits..units] switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => throw Invalid(text, name),
            };
            rest = rest[units..];
        }

        return total > TimeSpan.Zero ? total : throw Invalid(text, name);
    }

    private static FormatException Invalid(string text, string name) =>
        new($"{name} is '{text}', which is not a duration: use seconds or a Go duration such as 90s, 15m or 1h.");
}
