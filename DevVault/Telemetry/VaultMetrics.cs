using System.Collections.Concurrent;
using System.Diagnostics;
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

    /// <summary>
    /// A sample as go-metrics aggregates one, every field a client may read. Vault's sink restarts its aggregates every
    /// interval and divides by it for <c>Rate</c>; DevVault keeps one aggregate since the first sample, so its rate is
    /// per second since then.
    /// </summary>
    private static JsonObject Sample(string name, Summary summary, JsonObject labels)
    {
        var snapshot = summary.Snapshot();
        return new JsonObject
        {
            ["Name"] = name,
            ["Count"] = snapshot.Count,
            ["Rate"] = snapshot.Rate,
            ["Sum"] = snapshot.Sum,
            ["Min"] = snapshot.Min,
            ["Max"] = snapshot.Max,
            ["Mean"] = snapshot.Mean,
            ["Stddev"] = snapshot.Stddev,
            ["Labels"] = labels,
        };
    }

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>Count, total, extremes and sum of squares of durations in milliseconds, updated without locks.</summary>
    private sealed class Summary
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _count;
        private long _ticks;
        private long _minTicks = long.MaxValue;
        private long _maxTicks = long.MinValue;
        private double _sumOfSquares;

        public long Count => Interlocked.Read(ref _count);

        public double SumMilliseconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalMilliseconds;

        public void Add(TimeSpan elapsed)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _ticks, elapsed.Ticks);
            Extend(ref _minTicks, elapsed.Ticks, (candidate, current) => candidate < current);
            Extend(ref _maxTicks, elapsed.Ticks, (candidate, current) => candidate > current);
            var square = elapsed.TotalMilliseconds * elapsed.TotalMilliseconds;
            double seen, total;
            do
            {
                seen = Volatile.Read(ref _sumOfSquares);
                total = seen + square;
            }
            while (Interlocked.CompareExchange(ref _sumOfSquares, total, seen) != seen);
        }

        /// <summary>The fields go-metrics reports; its standard deviation is the sample one, zero below two samples.</summary>
        public (long Count, double Rate, double Sum, double Min, double Max, double Mean, double Stddev) Snapshot()
        {
            var count = Count;
            var sum = SumMilliseconds;
            if (count == 0)
            {
                return (0, 0, 0, 0, 0, 0, 0);
            }

            var seconds = Math.Max(Stopwatch.GetElapsedTime(_started).TotalSeconds, 1);
            var variance = count < 2 ? 0 : ((count * Volatile.Read(ref _sumOfSquares)) - (sum * sum)) / (count * (count - 1.0));
            return (count, sum / seconds, sum, Milliseconds(Interlocked.Read(ref _minTicks)), Milliseconds(Interlocked.Read(ref _maxTicks)), sum / count, Math.Sqrt(Math.Max(variance, 0)));
        }

        // A snapshot can fall between a sample's count and its extremes: an extreme still unset reads as zero.
        private static double Milliseconds(long ticks) => ticks is long.MaxValue or long.MinValue ? 0 : TimeSpan.FromTicks(ticks).TotalMilliseconds;

        private static void Extend(ref long extreme, long candidate, Func<long, long, bool> beyond)
        {
            var current = Interlocked.Read(ref extreme);
            while (beyond(candidate, current))
            {
                var seen = Interlocked.CompareExchange(ref extreme, candidate, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }
}
