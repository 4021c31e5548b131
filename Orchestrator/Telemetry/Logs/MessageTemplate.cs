using System.Text;

namespace VaultDemo.Orchestrator.Telemetry.Logs;

/// <summary>
/// Renders a message template ("Read {Path} version {Version}") with the record's attributes.
/// The .NET OTLP exporter sends the template as the body unless IncludeFormattedMessage is on,
/// and a reader wants the sentence, not the placeholders.
/// </summary>
internal static class MessageTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count == 0 || !template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var result = new StringBuilder(template.Length + 32);
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                result.Append(template, position, template.Length - position);
                break;
            }

            result.Append(template, position, open - position);
            var hole = template.AsSpan(open + 1, close - open - 1);
            var nameEnd = hole.IndexOfAny(':', ',');
            var name = (nameEnd < 0 ? hole : hole[..nameEnd]).TrimStart('@').ToString();
            if (attributes.TryGetValue(name, out var value))
            {
                result.Append(value);
            }
            else
            {
                result.Append(template, open, close - open + 1);
            }

            position = close + 1;
        }

        return result.ToString();
    }
}
