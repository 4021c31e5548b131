using System.Text.Json.Serialization;

namespace VaultDemo.Orchestrator.Telemetry.Traces;

/// <summary>One span as the dashboard shows it; ids are lower-case hex.</summary>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    SpanKind Kind,
    string Resource,
    string Scope,
    DateTimeOffset Start,
    DateTimeOffset End,
    SpanStatus Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEvent> Events,
    IReadOnlyList<SpanLink> Links)
{
    public TimeSpan Duration => End >= Start ? End - Start : TimeSpan.Zero;

    public double DurationMilliseconds => Duration.TotalMilliseconds;
}

public sealed record SpanEvent(DateTimeOffset Timestamp, string Name, IReadOnlyDictionary<string, string> Attributes);

public sealed record SpanLink(string TraceId, string SpanId);

/// <summary>OTLP's span kinds; Client/Producer spans pair with Server/Consumer spans in another resource.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpanKind>))]
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

[JsonConverter(typeof(JsonStringEnumConverter<SpanStatus>))]
public enum SpanStatus
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
