using System.Globalization;

namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>
/// What the trace of one <c>PUT /api/secrets/...</c> must hold (ARCHITECTURE.md, Conventions): the writer's
/// request, its Vault write served by DevVault, its PostgreSQL transaction, the MassTransit publish continuing
/// the request's trace from the outbox, the reader's consume, its Vault read and its PostgreSQL insert; every
/// span's parent inside the trace, and every client span answered by a server span of another resource.
/// Each problem names the span and what it lacks, so a failure is a bug report.
/// </summary>
public static class WriteTraceContract
{
    public const string HttpClientScope = "System.Net.Http";
    public const string DevVaultScope = "VaultDemo.DevVault";
    public const string NpgsqlScope = "Npgsql";
    public const string MassTransitScope = "MassTransit";

    public static IReadOnlyList<string> Problems(IReadOnlyList<TelemetrySpan> spans)
    {
        var resources = spans.Select(s => s.Resource).Distinct(StringComparer.Ordinal).ToList();
        var byId = spans.GroupBy(s => s.SpanId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var children = spans.Where(s => s.ParentSpanId is not null).ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
        var problems = new List<string>();

        foreach (var resource in new[] { "writer", "vault", "reader" })
        {
            if (!resources.Contains(resource))
            {
                problems.Add($"no span from resource '{resource}' (resources in the trace: {string.Join(", ", resources)})");
            }
        }

        var roots = spans.Where(s => s.ParentSpanId is null).ToList();
        if (roots is not [{ Resource: "writer", Kind: SpanKind.Server }])
        {
            problems.Add($"the only root must be the writer's server span; roots: {Describe(roots)}");
        }

        foreach (var orphan in spans.Where(s => s.ParentSpanId is not null && !byId.ContainsKey(s.ParentSpanId)))
        {
            problems.Add($"{Describe(orphan)} has parent {orphan.ParentSpanId}, which is not in the trace");
        }

        if (!spans.Any(s => s is { Resource: "vault", Scope: DevVaultScope, Kind: SpanKind.Server } && ParentIs(s, byId, "writer", SpanKind.Client)))
        {
            problems.Add("no DevVault server span (resource vault, scope VaultDemo.DevVault) under a writer client span: the Vault write is missing or not continued");
        }

        if (!spans.Any(s => s is { Resource: "vault", Scope: DevVaultScope, Kind: SpanKind.Server } && ParentIs(s, byId, "reader", SpanKind.Client)))
        {
            problems.Add("no DevVault server span under a reader client span: the reader's Vault read is missing or not continued");
        }

        foreach (var resource in new[] { "writer", "reader" })
        {
            if (!spans.Any(s => s.Resource == resource && s.Scope == NpgsqlScope))
            {
                problems.Add($"no Npgsql span from {resource}");
            }
        }

        var producers = spans.Where(s => s is { Resource: "writer", Scope: MassTransitScope, Kind: SpanKind.Producer }).ToList();
        if (producers.Count == 0)
        {
            problems.Add("no MassTransit publish/send span (kind Producer) from writer");
        }

        if (!spans.Any(s => s is { Resource: "reader", Scope: MassTransitScope, Kind: SpanKind.Consumer } && HasAncestor(s, byId, producers)))
        {
            var consumers = spans.Where(s => s is { Scope: MassTransitScope, Kind: SpanKind.Consumer }).ToList();
            problems.Add($"no reader MassTransit consume span (kind Consumer) descending from the writer's publish; consumer spans in the trace: {Describe(consumers)}");
        }

        foreach (var client in spans.Where(s => s is { Scope: HttpClientScope, Kind: SpanKind.Client }))
        {
            if (!children[client.SpanId].Any(c => c.Kind == SpanKind.Server && c.Resource != client.Resource))
            {
                problems.Add($"{Describe(client)} is not paired: no server span of another resource is its child");
            }
        }

        foreach (var producer in producers)
        {
            if (!children[producer.SpanId].Any(c => c.Kind == SpanKind.Consumer && c.Resource != producer.Resource))
            {
                problems.Add($"{Describe(producer)} is not paired: no consumer span of another resource is its child");
            }
        }

        return problems;
    }

    /// <summary>Every span on one line each, for a failure message.</summary>
    public static string Listing(IReadOnlyList<TelemetrySpan> spans) => string.Join("\n", spans.Select(s => "    " + Describe(s) + " parent " + (s.ParentSpanId ?? "none")));

    private static bool ParentIs(TelemetrySpan span, Dictionary<string, TelemetrySpan> byId, string resource, SpanKind kind) =>
        span.ParentSpanId is not null && byId.TryGetValue(span.ParentSpanId, out var parent) && parent.Resource == resource && parent.Kind == kind;

    private static bool HasAncestor(TelemetrySpan span, Dictionary<string, TelemetrySpan> byId, IReadOnlyList<TelemetrySpan> ancestors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = span; current.ParentSpanId is not null && seen.Add(current.SpanId) && byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (ancestors.Contains(parent))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(IReadOnlyList<TelemetrySpan> spans) => spans.Count == 0 ? "none" : string.Join("; ", spans.Select(Describe));

    private static string Describe(TelemetrySpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"[{span.Resource} {span.Kind} {span.Scope} '{span.Name}' {span.SpanId}]");
}
