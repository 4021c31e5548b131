using System.Text;
using System.Text.Json;

namespace DevVault.Configuration;

/// <summary>
/// Reads a JSON server configuration into the same positioned tree as HCL, so an unsupported stanza in a JSON
/// file is reported at its line too. Comments and trailing commas are tolerated, as HCL's JSON reader does.
/// </summary>
public sealed class JsonConfigParser
{
    private readonly byte[] _utf8;
    private readonly string _file;
    private readonly List<int> _lineStarts = [0];

    private JsonConfigParser(string text, string file)
    {
        _utf8 = Encoding.UTF8.GetBytes(text);
        _file = file;
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (_utf8[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static ConfigObject Parse(string text, string file)
    {
        var parser = new JsonConfigParser(text, file);
        var reader = new Utf8JsonReader(parser._utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read())
            {
                return new ConfigObject([], new ConfigPosition(file, 1, 1));
            }

            return parser.ReadValue(ref reader) as ConfigObject
                ?? throw ConfigException.At(parser.PositionOf(0), "the configuration must be a JSON object");
        }
        catch (JsonException e)
        {
            // Utf8JsonReader counts lines and bytes from zero.
            throw ConfigException.At(new ConfigPosition(file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1), "malformed JSON");
        }
    }

    private ConfigNode ReadValue(ref Utf8JsonReader reader)
    {
        var position = PositionOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var entries = new List<ConfigEntry>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var keyPosition = PositionOf(reader.TokenStartIndex);
                    var key = reader.GetString()!;
                    reader.Read();
                    entries.Add(new ConfigEntry(key, ReadValue(ref reader), keyPosition));
                }

                return new ConfigObject(entries, position);
            case JsonTokenType.StartArray:
                var items = new List<ConfigNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return new ConfigList(items, position);
            case JsonTokenType.String:
                return new ConfigScalar(reader.GetString()!, position);
            case JsonTokenType.Number:
                return new ConfigScalar(reader.GetDouble(), position);
            case JsonTokenType.True or JsonTokenType.False:
                return new ConfigScalar(reader.GetBoolean(), position);
            default:
                throw ConfigException.At(position, $"unexpected JSON {reader.TokenType}");
        }
    }

    private ConfigPosition PositionOf(long offset)
    {
        var index = _lineStarts.BinarySearch((int)offset);
        var line = index >= 0 ? index : ~index - 1;
        return new ConfigPosition(_file, line + 1, (int)offset - _lineStarts[line] + 1);
    }
}
