using System.Text.Json.Serialization;

namespace VaultDemo.Orchestrator.Telemetry.Metrics;

[JsonConverter(typeof(JsonStringEnumConverter<MetricKind>))]
public enum MetricKind
{
    Gauge,
    Sum,
    Histogram,
    ExponentialHistogram,
    Summary,
}

/// <summary>
/// An instrument of one resource (e.g. writer's <c>http.server.request.duration</c>) and its recent
/// points, oldest first. Points of different attribute sets are told apart by <see cref="MetricPoint.Series"/>.
/// </summary>
public sealed class MetricInstrument(string resource, string scope, string name)
{
    internal readonly Queue<MetricPoint> Points = new();

    public string Resource { get; } = resource;

    public string Scope { get; } = scope;

    public string Name { get; } = name;

    public string Description { get; internal set; } = "";

    public string Unit { get; internal set; } = "";

    public MetricKind Kind { get; internal set; }

    internal MetricInstrumentView ToView(bool includePoints) => new(
        Resource, Scope, Name, Description, Unit, Kind, Points.Count,
        Points.Count == 0 ? null : Points.Last().Timestamp,
        includePoints ? Points.ToList() : null);
}

/// <summary>A copy of an instrument taken under the store's lock, safe to render or serialize.</summary>
public sealed record MetricInstrumentView(
    string Resource,
    string Scope,
    string Name,
    string Description,
    string Unit,
    MetricKind Kind,
    int PointCount,
    DateTimeOffset? LastUpdated,
    IReadOnlyList<MetricPoint>? Points);
