using System.Collections.Concurrent;
using System.Text;

namespace VaultDemo.ServiceDefaults.Tests.Otlp;

/// <summary>Everything an <see cref="OtlpReceiver"/> was sent, decoded, and each export's bytes as they arrived.</summary>
internal sealed class ReceivedTelemetry
{
    /// <summary>Long enough for a loaded 2-core machine; an export that arrives at all arrives well within it.</summary>
    private static readonly TimeSpan MaximumWait = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<ExportTraceServiceRequest> _traces = new();
    private readonly ConcurrentQueue<ExportMetricsServiceRequest> _metrics = new();
    private readonly ConcurrentQueue<ExportLogsServiceRequest> _logs = new();
    private readonly ConcurrentQueue<byte[]> _payloads = new();

    public void Add(ExportTraceServiceRequest request, byte[] payload) => Store(_traces, request, payload);

    public void Add(ExportMetricsServiceRequest request, byte[] payload) => Store(_metrics, request, payload);

    public void Add(ExportLogsServiceRequest request, byte[] payload) => Store(_logs, request, payload);

    public IReadOnlyList<ReceivedSpan> Spans =>
    [
        .. from request in _traces
           from resource in request.ResourceSpans
           from scope in resource.ScopeSpans
           from span in scope.Spans
           select new ReceivedSpan(ServiceName(resource.Resource), scope.Scope?.Name ?? "", span),
    ];

    public IReadOnlyList<LogRecord> Logs =>
    [
        .. from request in _logs
           from resource in request.ResourceLogs
           from scope in resource.ScopeLogs
           from record in scope.LogRecords
           select record,
    ];

    public IReadOnlySet<string> MetricNames =>
        (from request in _metrics
         from resource in request.ResourceMetrics
         from scope in resource.ScopeMetrics
         from metric in scope.Metrics
         select metric.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="text"/> occurs, as UTF-8, anywhere in anything received: spans, metrics and logs alike.</summary>
    public bool AnyPayloadContains(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return _payloads.Any(payload => payload.AsSpan().IndexOf(needle) >= 0);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, for at most <see cref="MaximumWait"/>.</summary>
    public async Task WaitUntilAsync(Func<ReceivedTelemetry, bool> condition, string what, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(MaximumWait);
        while (!condition(this))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), bounded.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The OTLP receiver never got {what}; it has {Spans.Count} spans, {Logs.Count} log records and metrics [{string.Join(", ", MetricNames)}].");
            }
        }
    }

    private void Store<T>(ConcurrentQueue<T> queue, T request, byte[] payload)
    {
        _payloads.Enqueue(payload);
        queue.Enqueue(request);
    }

    private static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(attribute => attribute.Key == "service.name")?.Value?.StringValue ?? "";
}
