using Microsoft.AspNetCore.Http;
using VaultDemo.Orchestrator.Dashboard.Rendering;
using VaultDemo.Orchestrator.Telemetry.Traces;

namespace VaultDemo.Orchestrator.Dashboard.Traces;

/// <summary>Recent traces, newest first, with duration, span count and every resource involved.</summary>
internal static class TracesPage
{
    public static IResult Render(HttpContext context, TraceStore store, TraceQuery query)
    {
        var html = new HtmlBuilder().Raw("<h1>Traces</h1><form class=\"filters\" method=\"get\">");
        Filters.ResourceSelect(html, store.Resources(), query.Resource);
        html.Raw("<label>Search<input type=\"search\" name=\"search\"").Attribute("value", query.Search).Raw("></label>")
            .Raw("<label>Errors only<input type=\"checkbox\" name=\"errors\" value=\"true\"").Raw(query.ErrorsOnly ? " checked" : "").Raw("></label>")
            .Raw("<button type=\"submit\">Filter</button></form>");

        var traces = store.Query(query);
        html.Raw("<table class=\"traces\"><thead><tr><th>Started</th><th>Name</th><th>Resources</th><th>Spans</th><th>Duration</th></tr></thead><tbody>");
        foreach (var trace in traces)
        {
            html.Raw("<tr><td>").Time(trace.Start).Raw("</td><td>").Link($"/traces/{trace.TraceId}", trace.RootName, "trace-link");
            if (trace.HasError)
            {
                html.Raw(" <span class=\"badge bad\">error</span>");
            }

            html.Raw("<div class=\"muted mono\">").Text(trace.TraceId).Raw("</div></td><td>").Text(string.Join(", ", trace.Resources))
                .Raw("</td><td>").Text(trace.SpanCount).Raw("</td><td>").Text(Formatting.Duration(trace.Duration)).Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
        if (traces.Count == 0)
        {
            html.Raw("<p class=\"muted\">No traces match.</p>");
        }

        return HtmlPage.Render(context, "Traces", "/traces", html, refreshMilliseconds: 3000);
    }
}
