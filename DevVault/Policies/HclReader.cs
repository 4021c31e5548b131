using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DevVault.Policies;

/// <summary>
/// Reads the HCL subset Vault policies use into a JSON tree, so HCL and JSON policies share one interpreter:
/// attributes (<c>key = value</c>), labelled blocks (<c>path "x" { ... }</c>, repeated blocks merge), strings,
/// numbers, booleans, lists, objects, and <c>#</c>, <c>//</c> and <c>/* */</c> comments.
/// Errors name the line and column, as HCL's do (<c>At 3:7: ...</c>).
/// </summary>
public sealed class HclReader
{
    private readonly string _text;
    private int _position;
    private int _line = 1;
    private int _column = 1;

    private HclReader(string text) => _text = text;

    public static JsonObject Parse(string text)
    {
        var reader = new HclReader(text);
        var body = reader.ReadBody(endAtBrace: false);
        return body;
    }

    private JsonObject ReadBody(bool endAtBrace)
    {
        var body = new JsonObject();
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                if (endAtBrace)
                {
                    throw Error("expected '}' before the end of the policy");
                }

                return body;
            }

            if (Peek == '}')
            {
                if (!endAtBrace)
                {
                    throw Error("unexpected '}'");
                }

                Advance();
                return body;
            }

            var key = Peek == '"' ? ReadString() : ReadIdentifier();
            SkipTrivia();
            if (Peek is '=' or ':')
            {
                Advance();
                body[key] = ReadValue();
                continue;
            }

            var labels = new List<string>();
            while (Peek == '"')
            {
                labels.Add(ReadString());
                SkipTrivia();
            }

            Expect('{');
            var block = ReadBody(endAtBrace: true);
            Nest(body, key, labels, block);
        }
    }

    // path "a" { ... } becomes {"path": {"a": {...}}}; blocks with the same labels merge their keys.
    private static void Nest(JsonObject body, string key, List<string> labels, JsonObject block)
    {
        var target = body;
        var names = new List<string> { key };
        names.AddRange(labels);
        for (var i = 0; i < names.Count - 1; i++)
        {
            if (target[names[i]] is not JsonObject next)
            {
                next = new JsonObject();
                target[names[i]] = next;
            }

            target = next;
        }

        var last = names[^1];
        if (target[last] is JsonObject existing)
        {
            foreach (var (k, v) in block.ToList())
            {
                block.Remove(k);
                existing[k] = v;
            }
        }
        else
        {
            target[last] = block;
        }
    }

    private JsonNode? ReadValue()
    {
        SkipTrivia();
        if (AtEnd)
        {
            throw Error("expected a value");
        }

        switch (Peek)
        {
            case '"':
                return JsonValue.Create(ReadString());
            case '[':
                return ReadList();
            case '{':
                Advance();
                return ReadObject();
            case '<' when _position + 1 < _text.Length && _text[_position + 1] == '<':
                return JsonValue.Create(ReadHeredoc());
        }

        if (char.IsAsciiDigit(Peek) || Peek == '-')
        {
            var start = _position;
            while (!AtEnd && (char.IsAsciiDigit(Peek) || Peek is '-' or '.' or 'e' or 'E' or '+'))
            {
                Advance();
            }

            var number = _text[start.._position];
            return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
                ? JsonValue.Create(l)
                : JsonValue.Create(double.Parse(number, CultureInfo.InvariantCulture));
        }

        var word = ReadIdentifier();
        return word switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" => null,
            _ => throw Error($"unexpected identifier \"{word}\" where a value was expected"),
        };
    }

    private JsonArray ReadList()
    {
        Expect('[');
        var list = new JsonArray();
        while (true)
        {
            SkipTrivia();
            if (Peek == ']')
            {
                Advance();
                return list;
            }

            list.Add(ReadValue());
            SkipTrivia();
            if (Peek == ',')
            {
                Advance();
            }
            else if (Peek != ']')
            {
                throw Error("expected ',' or ']' in a list");
            }
        }
    }

    private JsonObject ReadObject()
    {
        var obj = new JsonObject();
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                throw Error("expected '}' to close an object");
            }

            if (Peek == '}')
            {
                Advance();
                return obj;
            }

            var key = Peek == '"' ? ReadString() : ReadIdentifier();
            SkipTrivia();
            if (Peek is '=' or ':')
            {
                Advance();
                obj[key] = ReadValue();
            }
            else if (Peek == '{')
            {
                Advance();
                obj[key] = ReadObject();
            }
            else
            {
                throw Error($"expected '=' after \"{key}\"");
            }

            SkipTrivia();
            if (Peek == ',')
            {
                Advance();
            }
        }
    }

    private string ReadString()
    {
        Expect('"');
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek == '\n')
            {
                throw Error("unterminated string");
            }

            var c = Advance();
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (AtEnd)
            {
                throw Error("unterminated escape sequence");
            }

            var escaped = Advance();
            switch (escaped)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case 'u' when _position + 4 <= _text.Length:
                    builder.Append((char)int.Parse(_text.AsSpan(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    for (var i = 0; i < 4; i++)
                    {
                        Advance();
                    }

                    break;
                default: throw Error($"invalid escape sequence \\{escaped}");
            }
        }
    }

    private string ReadHeredoc()
    {
        Advance();
        Advance();
        if (Peek == '-')
        {
            Advance();
        }

        var marker = ReadIdentifier();
        var end = _text.IndexOf('\n', _position);
        if (end < 0)
        {
            throw Error("unterminated heredoc");
        }

        var lines = new List<string>();
        SetPosition(end + 1);
        while (!AtEnd)
        {
            var lineEnd = _text.IndexOf('\n', _position);
            var line = lineEnd < 0 ? _text[_position..] : _text[_position..lineEnd];
            SetPosition(lineEnd < 0 ? _text.Length : lineEnd + 1);
            if (line.Trim() == marker)
            {
                return string.Join('\n', lines) + "\n";
            }

            lines.Add(line);
        }

        throw Error($"heredoc \"{marker}\" is never closed");
    }

    private string ReadIdentifier()
    {
        var start = _position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek is '_' or '-' or '.'))
        {
            Advance();
        }

        if (start == _position)
        {
            throw Error(AtEnd ? "unexpected end of the policy" : $"unexpected character '{Peek}'");
        }

        return _text[start.._position];
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            if (char.IsWhiteSpace(Peek))
            {
                Advance();
            }
            else if (Peek == '#' || (Peek == '/' && Next == '/'))
            {
                while (!AtEnd && Peek != '\n')
                {
                    Advance();
                }
            }
            else if (Peek == '/' && Next == '*')
            {
                var close = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw Error("comment not terminated");
                }

                SetPosition(close + 2);
            }
            else
            {
                return;
            }
        }
    }

    private void Expect(char c)
    {
        SkipTrivia();
        if (AtEnd || Peek != c)
        {
            throw Error($"expected '{c}'");
        }

        Advance();
    }

    private bool AtEnd => _position >= _text.Length;

    private char Peek => AtEnd ? '\0' : _text[_position];

    private char Next => _position + 1 < _text.Length ? _text[_position + 1] : '\0';

    private char Advance()
    {
        var c = _text[_position++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        return c;
    }

    private void SetPosition(int target)
    {
        while (_position < target)
        {
            Advance();
        }
    }

    private PolicyParseException Error(string message) => new($"At {_line}:{_column}: {message}");
}

/// <summary>A policy that does not parse; the message says where.</summary>
public sealed class PolicyParseException(string message) : Exception(message);
