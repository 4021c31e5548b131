using System.Text.Json;
using System.Text.RegularExpressions;

namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>
/// Every string the dashboard stores, read through its telemetry API: all log records and every trace in full
/// (span names, attributes, events, links, resource attributes). Strings are compared after JSON unescaping, so a
/// value escaped on the way out still counts as found. (The API serves no metrics; their attributes are the same
/// instrumentation's, and the spans carry everything the services tag.)
/// </summary>
public sealed partial class StoredTelemetryScan
{
    private readonly List<(string Where, string Text)> _strings = [];

    public int StringCount => _strings.Count;

    public int TraceCount { get; private set; }

    public int LogRecordCount { get; private set; }

    public static async Task<StoredTelemetryScan> ReadAllAsync(TelemetryApi telemetry, CancellationToken cancellationToken)
    {
        var scan = new StoredTelemetryScan();
        using (var logs = await telemetry.GetJsonAsync(TelemetryApi.AllLogs, cancellationToken))
        {
            scan.Add("logs", logs.RootElement);
            scan.LogRecordCount = logs.RootElement.GetProperty("returnedCount").GetInt32();
        }

        using (var traces = await telemetry.GetJsonAsync(TelemetryApi.AllTraces, cancellationToken))
        {
            scan.Add("traces", traces.RootElement);
            scan.TraceCount = TelemetrySpan.Parse(traces.RootElement).Select(s => s.TraceId).Distinct(StringComparer.Ordinal).Count();
        }

        return scan;
    }

    /// <summary>Where <paramref name="value"/> occurs, as "endpoint JSON-path" entries; never the value itself.</summary>
    public IReadOnlyList<string> Occurrences(string value) =>
        _strings.Where(s => s.Text.Contains(value, StringComparison.Ordinal)).Select(s => s.Where).Distinct().ToList();

    /// <summary>Strings shaped like Vault tokens (<c>hvs.</c> + base62, or the legacy <c>s.</c> + 24 characters), with where they are.</summary>
    public IReadOnlyList<string> TokenShapedStrings() =>
        _strings.Where(s => TokenShape().IsMatch(s.Text)).Select(s => $"{s.Where} ({TokenShape().Match(s.Text).Value[..6]}...)").Distinct().ToList();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(hvs\.[A-Za-z0-9_-]{20,}|s\.[A-Za-z0-9]{24})(?![A-Za-z0-9])")]
    private static partial Regex TokenShape();

    private void Add(string source, JsonElement root)
    {
        void Walk(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _strings.Add(($"{source} {path}", property.Name));
                        Walk(property.Value, $"{path}.{property.Name}");
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item, $"{path}[{index++}]");
                    }

                    break;
                case JsonValueKind.String:
                    _strings.Add(($"{source} {path}", element.GetString()!));
                    break;
                default:
                    break;
            }
        }

        Walk(root, "$");
    }
}
