using System.Text.Json;
using System.Text.RegularExpressions;

namespace VaultDemo.Dashboard.Tests;

/// <summary>
/// Every string the dashboard stores, read through its JSON API: all log records, every trace in full (span
/// names, attributes, events, links), every metric instrument with its points (series carry the attributes),
/// and the resources (environment included). Strings are compared after JSON unescaping, so a value escaped
/// on the way out still counts as found.
/// </summary>
public sealed partial class StoredTelemetryScan
{
    private readonly List<(string Where, string Text)> _strings = [];

    public int StringCount => _strings.Count;

    public int TraceCount { get; private set; }

    public int InstrumentCount { get; private set; }

    public static async Task<StoredTelemetryScan> ReadAllAsync(DashboardApi dashboard, CancellationToken cancellationToken)
    {
        var scan = new StoredTelemetryScan();
        await scan.AddAsync(dashboard, "/api/logs?limit=10000", cancellationToken);
        await scan.AddAsync(dashboard, "/api/resources", cancellationToken);

        using (var traces = await dashboard.GetJsonAsync("/api/traces?limit=10000", cancellationToken))
        {
            scan.Add("/api/traces", traces.RootElement);
            foreach (var trace in traces.RootElement.EnumerateArray())
            {
                await scan.AddAsync(dashboard, $"/api/traces/{trace.GetProperty("traceId").GetString()}", cancellationToken);
                scan.TraceCount++;
            }
        }

        using (var instruments = await dashboard.GetJsonAsync("/api/metrics", cancellationToken))
        {
            scan.Add("/api/metrics", instruments.RootElement);
            foreach (var instrument in instruments.RootElement.EnumerateArray())
            {
                var query = $"resource={Uri.EscapeDataString(instrument.GetProperty("resource").GetString()!)}&instrument={Uri.EscapeDataString(instrument.GetProperty("name").GetString()!)}";
                await scan.AddAsync(dashboard, $"/api/metrics?{query}", cancellationToken);
                scan.InstrumentCount++;
            }
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

    private async Task AddAsync(DashboardApi dashboard, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var document = await dashboard.GetJsonAsync(pathAndQuery, cancellationToken);
        Add(pathAndQuery, document.RootElement);
    }

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
