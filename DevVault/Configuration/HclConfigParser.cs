using System.Globalization;
using System.Text;

namespace DevVault.Configuration;

/// <summary>
/// Reads the HCL that Vault's server configuration is written in: attributes (<c>ui = true</c>), labelled blocks
/// (<c>listener "tcp" { ... }</c>), strings with escapes, heredocs (<c>&lt;&lt;EOF</c>), numbers, booleans, lists,
/// objects, and <c>#</c>, <c>//</c>, <c>/* */</c> comments. A syntax error names the line and column.
/// </summary>
public sealed class HclConfigParser
{
    private readonly string _text;
    private readonly string _file;
    private int _offset;
    private int _line = 1;
    private int _column = 1;

    private HclConfigParser(string text, string file)
    {
        _text = text;
        _file = file;
    }

    public static ConfigObject Parse(string text, string file)
    {
        var parser = new HclConfigParser(text, file);
        return parser.ReadBody(closing: null, parser.Position);
    }

    private ConfigPosition Position => new(_file, _line, _column);

    private bool AtEnd => _offset >= _text.Length;

    private char Current => _text[_offset];

    private ConfigObject ReadBody(char? closing, ConfigPosition start)
    {
        var entries = new List<ConfigEntry>();
        while (true)
        {
            SkipWhitespaceAndComments();
            if (AtEnd)
            {
                return closing is null ? new ConfigObject(entries, start) : throw Error($"expected '{closing}' to close the block opened at line {start.Line}");
            }

            if (Current == closing)
            {
                Advance();
                return new ConfigObject(entries, start);
            }

            if (Current == ',')
            {
                Advance();
                continue;
            }

            entries.Add(ReadEntry(closing));
        }
    }

    private ConfigEntry ReadEntry(char? closing)
    {
        var position = Position;
        var key = ReadKey();
        SkipWhitespaceAndComments();
        if (!AtEnd && Current is '=' or ':')
        {
            Advance();
            SkipWhitespaceAndComments();
            return new ConfigEntry(key, ReadValue(), position);
        }

        // A block: zero or more labels, then a body. Labels nest: a "b" { } is a = { b = { } }.
        var labels = new List<(string Label, ConfigPosition Position)>();
        while (!AtEnd && Current != '{')
        {
            if (Current == closing)
            {
                throw Error($"expected '=' or a block after \"{key}\"");
            }

            labels.Add((Current == '"' ? ReadQuoted() : ReadIdentifier(), Position));
            SkipWhitespaceAndComments();
        }

        if (AtEnd)
        {
            throw Error($"expected '{{' after \"{key}\"");
        }

        var bodyStart = Position;
        Advance();
        ConfigNode value = ReadBody('}', bodyStart);
        for (var i = labels.Count - 1; i >= 0; i--)
        {
            value = new ConfigObject([new ConfigEntry(labels[i].Label, value, labels[i].Position)], labels[i].Position);
        }

        return new ConfigEntry(key, value, position);
    }

    private string ReadKey() => Current == '"' ? ReadQuoted() : ReadIdentifier();

    private ConfigNode ReadValue()
    {
        if (AtEnd)
        {
            throw Error("expected a value before the end of the file");
        }

        var position = Position;
        switch (Current)
        {
            case '"':
                return new ConfigScalar(ReadQuoted(), position);
            case '<' when Peek(1) == '<':
                return new ConfigScalar(ReadHeredoc(), position);
            case '[':
                return ReadList(position);
            case '{':
                Advance();
                return ReadBody('}', position);
            case '-' or '+' or '.' or (>= '0' and <= '9'):
                return new ConfigScalar(ReadNumber(), position);
        }

        var word = ReadIdentifier();
        return word switch
        {
            "true" => new ConfigScalar(true, position),
            "false" => new ConfigScalar(false, position),
            _ => throw ErrorAt(position, $"unknown token \"{word}\": a string value needs quotes"),
        };
    }

    private ConfigList ReadList(ConfigPosition position)
    {
        Advance();
        var items = new List<ConfigNode>();
        while (true)
        {
            SkipWhitespaceAndComments();
            if (AtEnd)
            {
                throw Error($"expected ']' to close the list opened at line {position.Line}");
            }

            if (Current == ']')
            {
                Advance();
                return new ConfigList(items, position);
            }

            items.Add(ReadValue());
            SkipWhitespaceAndComments();
            if (!AtEnd && Current == ',')
            {
                Advance();
            }
            else if (!AtEnd && Current != ']')
            {
                throw Error("expected ',' or ']' in a list");
            }
        }
    }

    private string ReadIdentifier()
    {
        var start = _offset;
        while (!AtEnd && (char.IsLetterOrDigit(Current) || Current is '_' or '-' or '.'))
        {
            Advance();
        }

        return start == _offset ? throw Error($"unexpected character '{Current}'") : _text[start.._offset];
    }

    private double ReadNumber()
    {
        var start = _offset;
        var position = Position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '-' or '+' or '.'))
        {
            Advance();
        }

        var text = _text[start.._offset];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw ErrorAt(position, $"invalid number \"{text}\"");
    }

    private string ReadQuoted()
    {
        var opening = Position;
        Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw ErrorAt(opening, "unterminated string");
            }

            var c = Current;
            Advance();
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (AtEnd)
            {
                throw ErrorAt(opening, "unterminated string");
            }

            var escaped = Current;
            Advance();
            value.Append(escaped switch
            {
                'n' => "\n",
                't' => "\t",
                'r' => "\r",
                '"' => "\"",
                '\\' => "\\",
                'u' => ((char)ReadHex(4)).ToString(),
                _ => throw Error($"unknown escape sequence \\{escaped}"),
            });
        }
    }

    private int ReadHex(int digits)
    {
        if (_offset + digits > _text.Length || !int.TryParse(_text.AsSpan(_offset, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
        {
            throw Error("invalid \\u escape");
        }

        for (var i = 0; i < digits; i++)
        {
            Advance();
        }

        return code;
    }

    /// <summary><c>&lt;&lt;EOF</c> (or <c>&lt;&lt;-EOF</c>, which strips the common indentation) up to a line that is the marker.</summary>
    private string ReadHeredoc()
    {
        var opening = Position;
        Advance();
        Advance();
        var indented = !AtEnd && Current == '-';
        if (indented)
        {
            Advance();
        }

        var marker = ReadIdentifier();
        if (AtEnd || Current != '\n')
        {
            throw Error("expected a line break after the heredoc marker");
        }

        Advance();
        var lines = new List<string>();
        while (!AtEnd)
        {
            var end = _text.IndexOf('\n', _offset);
            var line = end < 0 ? _text[_offset..] : _text[_offset..end];
            while (!AtEnd && Current != '\n')
            {
                Advance();
            }

            if (!AtEnd)
            {
                Advance();
            }

            if (line.Trim() == marker)
            {
                var indent = indented ? lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min() : 0;
                return string.Concat(lines.Select(l => (l.Length >= indent ? l[indent..] : l.TrimStart()) + "\n"));
            }

            lines.Add(line);
        }

        throw ErrorAt(opening, $"heredoc \"{marker}\" is never closed");
    }

    private void SkipWhitespaceAndComments()
    {
        while (!AtEnd)
        {
            if (char.IsWhiteSpace(Current))
            {
                Advance();
            }
            else if (Current == '#' || (Current == '/' && Peek(1) == '/'))
            {
                while (!AtEnd && Current != '\n')
                {
                    Advance();
                }
            }
            else if (Current == '/' && Peek(1) == '*')
            {
                var opening = Position;
                Advance();
                Advance();
                while (!AtEnd && !(Current == '*' && Peek(1) == '/'))
                {
                    Advance();
                }

                if (AtEnd)
                {
                    throw ErrorAt(opening, "comment is never closed");
                }

                Advance();
                Advance();
            }
            else
            {
                return;
            }
        }
    }

    private char? Peek(int ahead) => _offset + ahead < _text.Length ? _text[_offset + ahead] : null;

    private void Advance()
    {
        if (_text[_offset] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _offset++;
    }

    private ConfigException Error(string message) => ErrorAt(Position, message);

    private static ConfigException ErrorAt(ConfigPosition position, string message) => ConfigException.At(position, message);
}
