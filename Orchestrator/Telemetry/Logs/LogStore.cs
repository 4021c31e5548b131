using Microsoft.Extensions.Options;
using VaultDemo.Orchestrator.Telemetry.Otlp;

namespace VaultDemo.Orchestrator.Telemetry.Logs;

/// <summary>
/// The most recent <see cref="TelemetryLimits.MaxLogRecords"/> log records, oldest evicted first.
/// </summary>
public sealed class LogStore
{
    private readonly Lock _gate = new();
    private readonly Queue<LogEntry> _entries = new();
    private readonly int _capacity;
    private long _nextSequence;

    public LogStore(IOptions<TelemetryLimits> limits)
    {
        _capacity = limits.Value.MaxLogRecords;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>How many records were evicted to stay within the limit since start.</summary>
    public long Evicted { get; private set; }

    internal void Add(ExportLogsServiceRequest request)
    {
        // Convert outside the lock: concurrent exporters then contend only for the insertions.
        var entries = new List<LogEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = OtlpConversion.ToResource(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var category = scopeLogs.Scope?.Name ?? "";
                entries.AddRange(scopeLogs.LogRecords.Select(record => ToEntry(resource, category, record)));
            }
        }

        lock (_gate)
        {
            foreach (var entry in entries)
            {
                Append(entry with { Sequence = _nextSequence++ });
            }
        }
    }

    public IReadOnlyList<LogEntry> Query(LogQuery query)
    {
        lock (_gate)
        {
            // Newest last, as a log reads; the limit keeps the newest.
            var matches = _entries.Where(query.Matches).ToList();
            return matches.Count <= query.Limit ? matches : matches[^query.Limit..];
        }
    }

    public IReadOnlyList<string> Resources()
    {
        lock (_gate)
        {
            return _entries.Select(e => e.Resource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
    }

    private void Append(LogEntry entry)
    {
        if (_entries.Count == _capacity)
        {
            _entries.Dequeue();
            Evicted++;
        }

        _entries.Enqueue(entry);
    }

    private static LogEntry ToEntry(TelemetryResource resource, string category, LogRecord record)
    {
        var timestamp = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        var attributes = OtlpConversion.ToAttributes(record.Attributes);
        return new LogEntry(
            Sequence: 0,
            OtlpConversion.ToTimestamp(timestamp),
            resource.Name,
            LogSeverities.FromSeverityNumber((int)record.SeverityNumber),
            category,
            MessageTemplate.Render(OtlpConversion.ToText(record.Body), attributes),
            attributes,
            OtlpConversion.ToHexId(record.TraceId),
            OtlpConversion.ToHexId(record.SpanId));
    }
}
