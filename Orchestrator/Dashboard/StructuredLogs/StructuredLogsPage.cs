using Microsoft.AspNetCore.Http;
using VaultDemo.Orchestrator.Dashboard.Rendering;
using VaultDemo.Orchestrator.Telemetry.Logs;

namespace VaultDemo.Orchestrator.Dashboard.StructuredLogs;

/// <summary>Log records received over OTLP, filtered by resource, level and text, each linked to its trace.</summary>
internal static class StructuredLogsPage
{
    public static IResult Render(HttpContext context, LogStore store, LogQuery query)
    {
        var html = new HtmlBuilder().Raw("<h1>Structured logs</h1><form class=\"filters\" method=\"get\">");
        Filters.ResourceSelect(html, store.Resources(), query.Resource);
        html.Raw("<label>Minimum level<select name=\"level\"><option value=\"\">All</option>");
        foreach (var level in Enum.GetValues<LogSeverity>().Where(l => l != LogSeverity.Unspecified))
        {
            html.Raw("<option").Attribute("value", level.ToString()).Raw(level == query.MinimumSeverity ? " selected>" : ">").Text(level.ToString()).Raw("</option>");
        }

        html.Raw("</select></label><label>Search<input type=\"search\" name=\"search\"").Attribute("value", query.Search).Raw("></label>");
        if (query.TraceId is not null)
        {
            html.Raw("<input type=\"hidden\" name=\"traceId\"").Attribute("value", query.TraceId).Raw(">");
        }

        html.Raw("<button type=\"submit\">Filter</button></form>");

        var entries = store.Query(query);
        html.Raw("<table class=\"logs\"><thead><tr><th>Time</th><th>Resource</th><th>Level</th><th>Message</th><th>Trace</th></tr></thead><tbody>");
        foreach (var entry in entries.Reverse())
        {
            html.Raw("<tr><td>").Time(entry.Timestamp).Raw("</td><td>").Text(entry.Resource).Raw("</td><td><span class=\"badge ").Raw(LevelClass(entry.Severity)).Raw("\">")
                .Text(entry.Severity.ToString()).Raw("</span></td><td><details").Attribute("data-key", "log:" + entry.Sequence).Raw("><summary>").Text(entry.Message)
                .Raw("</summary><table><tbody><tr><td>category</td><td class=\"mono\">").Text(entry.Category).Raw("</td></tr>");
            foreach (var (key, value) in entry.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                html.Raw("<tr><td>").Text(key).Raw("</td><td class=\"mono\">").Text(value).Raw("</td></tr>");
            }

            html.Raw("</tbody></table></details></td><td>");
            if (entry.TraceId is not null)
            {
                html.Link($"/traces/{entry.TraceId}", entry.TraceId[..8], "mono");
            }

            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
        if (entries.Count == 0)
        {
            html.Raw("<p class=\"muted\">No log records match.</p>");
        }

        return HtmlPage.Render(context, "Structured logs", "/structuredlogs", html, refreshMilliseconds: 3000);
    }

    private static string LevelClass(LogSeverity severity) => severity switch
    {
        LogSeverity.Warning => "warn",
        LogSeverity.Error or LogSeverity.Critical => "bad",
        _ => "",
    };
}
