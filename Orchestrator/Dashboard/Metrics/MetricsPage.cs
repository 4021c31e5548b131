using Microsoft.AspNetCore.Http;
using VaultDemo.Orchestrator.Dashboard.Rendering;
using VaultDemo.Orchestrator.Telemetry.Metrics;

namespace VaultDemo.Orchestrator.Dashboard.Metrics;

/// <summary>A resource's instruments on the left, the chosen instrument's chart on the right.</summary>
internal static class MetricsPage
{
    public static IResult Render(HttpContext context, MetricStore store, string? resource, string? instrument)
    {
        var all = store.Query();
        var resources = all.Select(i => i.Resource).Distinct(StringComparer.Ordinal).ToList();
        resource ??= resources.FirstOrDefault();

        var html = new HtmlBuilder().Raw("<h1>Metrics</h1><form class=\"filters\" method=\"get\">");
        Filters.ResourceSelect(html, resources, resource);
        html.Raw("<button type=\"submit\">Show</button></form>");
        var instruments = all.Where(i => i.Resource == resource).ToList();
        if (instruments.Count == 0)
        {
            html.Raw("<p class=\"muted\">No metrics received yet.</p>");
            return HtmlPage.Render(context, "Metrics", "/metrics", html, refreshMilliseconds: 5000);
        }

        instrument ??= instruments[0].Name;
        html.Raw("<table class=\"instruments\"><thead><tr><th>Instrument</th><th>Kind</th><th>Unit</th><th>Description</th></tr></thead><tbody>");
        foreach (var item in instruments)
        {
            html.Raw("<tr><td>").Link("/metrics?" + Formatting.Query(("resource", resource), ("instrument", item.Name)), item.Name, item.Name == instrument ? "active" : null)
                .Raw("</td><td>").Text(item.Kind.ToString()).Raw("</td><td>").Text(item.Unit).Raw("</td><td>").Text(item.Description).Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
        var selected = store.Query(resource, instrument).FirstOrDefault();
        if (selected?.Points is { Count: > 0 } points)
        {
            html.Raw("<h2>").Text(selected.Name).Text(selected.Unit.Length > 0 ? $" ({selected.Unit})" : "").Raw("</h2><div class=\"charts\"><div class=\"chart\">");
            if (selected.Kind is MetricKind.Histogram or MetricKind.ExponentialHistogram or MetricKind.Summary)
            {
                html.Raw("<h2>Count over time</h2>");
                SvgChart.Lines(html, points, p => p.Count ?? 0);
                html.Raw("</div><div class=\"chart\"><h2>Latest distribution</h2>");
                SvgChart.Histogram(html, points);
                var latest = points[^1];
                html.Raw("<p class=\"muted\">count ").Text(latest.Count ?? 0).Raw(" · sum ").Text(latest.Sum ?? 0)
                    .Raw(" · min ").Text(latest.Min ?? 0).Raw(" · max ").Text(latest.Max ?? 0);
                if (latest is { ExplicitBounds: { } bounds, BucketCounts: { } counts })
                {
                    foreach (var percentile in (ReadOnlySpan<double>)[50, 90, 99])
                    {
                        var estimate = HistogramPercentiles.Estimate(bounds, counts.Select(c => (double)c).ToList(), percentile, latest.Min, latest.Max);
                        html.Raw(" · <span class=\"percentile\">P").Text(percentile).Raw(" ").Text(estimate is { } value ? value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "–").Raw("</span>");
                    }
                }

                html.Raw("</p>");
            }
            else
            {
                SvgChart.Lines(html, points, p => p.Value ?? 0);
            }

            html.Raw("</div></div>");
        }

        return HtmlPage.Render(context, "Metrics", "/metrics", html, refreshMilliseconds: 5000);
    }
}
