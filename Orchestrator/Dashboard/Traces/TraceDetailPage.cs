using Microsoft.AspNetCore.Http;
using VaultDemo.Orchestrator.Dashboard.Rendering;
using VaultDemo.Orchestrator.Telemetry.Traces;

namespace VaultDemo.Orchestrator.Dashboard.Traces;

/// <summary>
/// One trace as a waterfall: a bar per span on a shared time axis, indented under its parent, with
/// its attributes, events and error status one click away, and client spans naming the resource that served them.
/// </summary>
internal static class TraceDetailPage
{
    public static IResult Render(HttpContext context, TraceStore store, string traceId)
    {
        var trace = store.Find(traceId);
        var html = new HtmlBuilder();
        if (trace is null)
        {
            html.Raw("<h1>Trace not found</h1><p class=\"muted\">").Text($"No trace {traceId} is stored (it may have been evicted).").Raw("</p>");
            return HtmlPage.Render(context, "Trace", "/traces", html);
        }

        var summary = trace.Summary;
        html.Raw("<h1>").Text(summary.RootName).Raw("</h1><p class=\"muted\"><span class=\"mono\">").Text(summary.TraceId).Raw("</span> · ")
            .Text(Formatting.Duration(summary.Duration)).Raw(" · ").Text(summary.SpanCount).Raw(" spans · ").Text(string.Join(", ", summary.Resources)).Raw(" · ")
            .Link("/structuredlogs?" + Formatting.Query(("traceId", summary.TraceId)), "logs of this trace").Raw("</p>");
        if (summary.DroppedSpans > 0)
        {
            html.Raw("<p class=\"error\">").Text($"{summary.DroppedSpans} spans were dropped: the trace exceeded the per-trace limit.").Raw("</p>");
        }

        var total = Math.Max(summary.Duration.Ticks, 1);
        html.Raw("<div class=\"waterfall\">");
        foreach (var row in SpanTree.Flatten(trace.Spans))
        {
            SpanRow(html, row, summary.Start, total);
        }

        html.Raw("</div>");
        return HtmlPage.Render(context, "Trace " + summary.TraceId, "/traces", html, refreshMilliseconds: 3000);
    }

    private static void SpanRow(HtmlBuilder html, SpanTree.Row row, DateTimeOffset traceStart, long totalTicks)
    {
        var span = row.Span;
        var left = 100.0 * (span.Start - traceStart).Ticks / totalTicks;
        var width = 100.0 * span.Duration.Ticks / totalTicks;
        var barClass = span.Status == SpanStatus.Error ? "error" : span.Kind.ToString().ToLowerInvariant();

        html.Raw("<details class=\"span-row\"").Attribute("data-key", "span:" + span.SpanId).Attribute("data-resource", span.Resource)
            .Raw("><summary><span class=\"span-name\" style=\"padding-left:").Text(row.Depth * 1.1, "0.#").Raw("rem\"><strong>").Text(span.Resource).Raw("</strong> ")
            .Text(span.Name);
        if (row.PairedResource is not null)
        {
            html.Raw(" <span class=\"pair\">→ ").Text(row.PairedResource).Raw("</span>");
        }

        if (span.Status == SpanStatus.Error)
        {
            html.Raw(" <span class=\"badge bad\">error</span>");
        }

        html.Raw("</span><span class=\"span-track\"><span class=\"span-bar ").Raw(barClass).Raw("\" style=\"left:").Text(left, "0.###")
            .Raw("%;width:").Text(width, "0.###").Raw("%\"></span></span><span>").Text(Formatting.Duration(span.Duration)).Raw("</span></summary>");

        html.Raw("<div class=\"span-detail\"><table><tbody>");
        Property(html, "kind", span.Kind.ToString());
        Property(html, "scope", span.Scope);
        Property(html, "span id", span.SpanId);
        Property(html, "status", span.StatusMessage is null ? span.Status.ToString() : $"{span.Status}: {span.StatusMessage}");
        foreach (var (key, value) in span.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Property(html, key, value);
        }

        html.Raw("</tbody></table>");
        if (span.Events.Count > 0)
        {
            html.Raw("<h2>Events</h2><table><tbody>");
            foreach (var spanEvent in span.Events)
            {
                html.Raw("<tr><td>+").Text(Formatting.Duration(spanEvent.Timestamp - span.Start)).Raw("</td><td>").Text(spanEvent.Name).Raw("</td><td class=\"mono\">")
                    .Text(string.Join("\n", spanEvent.Attributes.Select(a => $"{a.Key}={a.Value}"))).Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</div></details>");
    }

    private static void Property(HtmlBuilder html, string name, string value) =>
        html.Raw("<tr><td>").Text(name).Raw("</td><td class=\"mono\">").Text(value).Raw("</td></tr>");
}
