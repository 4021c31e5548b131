using System.Text.Json.Nodes;

namespace DevVault.Core;

/// <summary>JSON arrays of strings, the shape of every <c>keys</c> listing and policy list on the wire.</summary>
public static class JsonArrays
{
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
