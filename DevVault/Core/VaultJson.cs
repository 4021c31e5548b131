using System.Text.Encodings.Web;
using System.Text.Json;

namespace DevVault.Core;

/// <summary>JSON settings that match Go's encoder closely enough for byte-level comparisons by clients.</summary>
public static class VaultJson
{
    /// <summary>Go's encoding/json escapes only what JSON requires (and HTML characters); quotes inside strings stay <c>\"</c>.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>RFC3339 with nanosecond precision in UTC, as Go's time.RFC3339Nano renders.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture);
}
