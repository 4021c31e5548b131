using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DevVault.Telemetry;

/// <summary>
/// The numbers <c>sys/metrics</c> reports, under Vault's metric names: requests (count and time) by method and
/// mount, and barrier operations. Token and lease counts are read when asked, not kept here. Only counts and
/// durations are recorded: never a path below the mount, a token or a value.
/// </summary>
public sealed class VaultMetrics
{
    private readonly ConcurrentDictionary<(string Method, string Mount), Summary> _requests = new();
    private readonly ConcurrentDictionary<string, Summary> _barrier = new(StringComparer.Ordinal);

    public void RecordRequest(string method, string mount, TimeSpan elapsed) =>
        _requests.GetOrAdd((method, mount), _ => new Summary()).Add(elapsed);

    /// <summary><paramref name="operation"/> is <c>get</c>, <c>put</c>, <c>delete</c>, <c>list</c> or <c>write</c> (a batch).</summary>
    public void RecordBarrier(string operation, TimeSpan elapsed) =>
        _barrier.GetOrAdd(operation, _ => new Summary()).Add(elapsed);

    /// <summary>Prometheus text exposition format (version 0.0.4); durations in milliseconds, as Vault's. Gauges are named as in Vault (dotted).</summary>
    public string ToPrometheus(IReadOnlyDictionary<string, long> gauges)
    {
        var text = new StringBuilder();
        text.Append("# HELP vault_core_handle_request Requests handled, by HTTP method and mount, in milliseconds.\n");
        text.Append("# TYPE vault_core_handle_request summary\n");
        foreach (var ((method, mount), summary) in _requests.OrderBy(r => r.Key.Mount, StringComparer.Ordinal).ThenBy(r => r.Key.Method, StringComparer.Ordinal))
        {
            var labels = $"{{method=\"{Escape(method)}\",mount=\"{Escape(mount)}\"}}";
            text.Append(CultureInfo.InvariantCulture, $"vault_core_handle_request_sum{labels} {summary.SumMilliseconds}\n");
            text.Append(CultureInfo.InvariantCulture, $"vault_core_handle_request_count{labels} {summary.Count}\n");
        }

        foreach (var (operation, summary) in _barrier.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE vault_barrier_{operation} summary\n");
            text.Append(CultureInfo.InvariantCulture, $"vault_barrier_{operation}_sum {summary.SumMilliseconds}\n");
            text.Append(CultureInfo.InvariantCulture, $"vault_barrier_{operation}_count {summary.Count}\n");
        }

        foreach (var (name, value) in gauges.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var prometheusName = name.Replace('.', '_');
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {prometheusName} gauge\n{prometheusName} {value}\n");
        }

        return text.ToString();
    }

    /// <summary>Vault's JSON shape (go-metrics' in-memory sink): Timestamp, Gauges, Counters, Samples.</summary>
    public JsonObject ToJson(IReadOnlyDictionary<string, long> gauges, DateTimeOffset now)
    {
        var samples = new JsonArray();
        foreach (var ((method, mount), summary) in _requests)
        {
            samples.Add(Sample("vault.core.handle_request", summary, new JsonObject { ["method"] = method, ["mount"] = mount }));
        }

        foreach (var (operation, summary) in _barrier)
        {
            samples.Add(Sample($"vault.barrier.{operation}", summary, new JsonObject()));
        }

        var gaugeArray = new JsonArray();
        foreach (var (name, value) in gauges)
        {
            gaugeArray.Add(new JsonObject { ["Name"] = name, ["Value"] = value, ["Labels"] = new JsonObject() });
        }

        return new JsonObject
        {
            ["Timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss +0000 UTC", CultureInfo.InvariantCulture),
            ["Gauges"] = gaugeArray,
            ["Counters"] = new JsonArray(),
            ["Samples"] = samples,
            ["Points"] = new JsonArray(),
        };
    }

    private static JsonObject Sample(string name, Summary summary, JsonObject labels) => new()
    {
        ["Name"] = name,
        ["Count"] = summary.Count,
        ["Sum"] = summary.SumMilliseconds,
        ["Mean"] = summary.Count == 0 ? 0 : summary.SumMilliseconds / summary.Count,
        ["Labels"] = labels,
    };

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>A count and a total duration, updated without locks.</summary>
    private sealed class Summary
    {
        private long _count;
        private long _ticks;

        public long Count => Interlocked.Read(ref _count);

        public double SumMilliseconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalMilliseconds;

        public void Add(TimeSpan elapsed)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _ticks, elapsed.Ticks);
        }
    }
}
