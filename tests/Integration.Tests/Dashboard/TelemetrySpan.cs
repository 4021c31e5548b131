using System.Text.Json;

namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>OTLP's span kinds, with OTLP's numbers.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>One span as the dashboard stores it, with the resource (<c>service.name</c>) and the scope that made it.</summary>
public sealed record TelemetrySpan(
    string Resource,
    string Scope,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    SpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Flattens an OTLP JSON <c>{ data: { resourceSpans: [...] } }</c> answer.</summary>
    public static IReadOnlyList<TelemetrySpan> Parse(JsonElement answer)
    {
        var spans = new List<TelemetrySpan>();
        foreach (var resourceSpans in answer.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var resource = ReadAttributes(resourceSpans.GetProperty("resource")).GetValueOrDefault("service.name", "(no service.name)");
            foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                var scope = scopeSpans.TryGetProperty("scope", out var s) && s.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
                {
                    var parent = span.TryGetProperty("parentSpanId", out var p) ? p.GetString() : null;
                    spans.Add(new TelemetrySpan(
                        resource,
                        scope,
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        string.IsNullOrEmpty(parent) ? null : parent,
                        span.GetProperty("name").GetString() ?? "",
                        span.TryGetProperty("kind", out var kind) ? (SpanKind)kind.GetInt32() : SpanKind.Unspecified,
                        ReadAttributes(span)));
                }
            }
        }

        return spans;
    }

    /// <summary>OTLP attributes as text: every value kind is shown the way the dashboard shows it.</summary>
    private static Dictionary<string, string> ReadAttributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (owner.TryGetProperty("attributes", out var list))
        {
            foreach (var attribute in list.EnumerateArray())
            {
                var value = attribute.GetProperty("value");
                attributes[attribute.GetProperty("key").GetString()!] = value.EnumerateObject().FirstOrDefault().Value.ToString();
            }
        }

        return attributes;
    }
}
