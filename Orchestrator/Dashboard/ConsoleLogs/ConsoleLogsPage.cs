using Microsoft.AspNetCore.Http;
using VaultDemo.Orchestrator.Dashboard.Rendering;
using VaultDemo.Orchestrator.Dashboard.Resources;

namespace VaultDemo.Orchestrator.Dashboard.ConsoleLogs;

/// <summary>
/// A resource's stdout and stderr, tailed live. Lines are numbered across restarts by the app model,
/// so the page keeps following a process that was restarted.
/// </summary>
internal static class ConsoleLogsPage
{
    private const int MaxLinesShown = 5_000;

    public static IResult Render(HttpContext context, IDashboardResourceSource source, string? resource)
    {
        var names = source.GetResources().Select(r => r.Name).ToList();
        resource ??= names.FirstOrDefault();

        var html = new HtmlBuilder().Raw("<h1>Console logs</h1><form class=\"filters\" method=\"get\"><label>Resource<select name=\"resource\">");
        foreach (var name in names)
        {
            html.Raw("<option").Attribute("value", name).Raw(name == resource ? " selected>" : ">").Text(name).Raw("</option>");
        }

        html.Raw("</select></label><button type=\"submit\">Show</button></form>");
        var lines = resource is null ? null : source.GetConsoleLines(resource);
        if (lines is null)
        {
            html.Raw("<p class=\"muted\">").Text(resource is null ? "No resources yet." : $"No resource named '{resource}'.").Raw("</p>");
            return HtmlPage.Render(context, "Console logs", "/console", html, refreshMilliseconds: 1000);
        }

        html.Raw("<pre class=\"console\"").Attribute("data-resource", resource).Raw(">");
        foreach (var line in lines.Count > MaxLinesShown ? lines.Skip(lines.Count - MaxLinesShown) : lines)
        {
            html.Raw(line.IsError ? "<span class=\"stderr\">" : "<span>")
                .Raw("<span class=\"ln\">").Text(line.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</span>")
                .Text(line.Text).Raw("</span>\n");
        }

        html.Raw("</pre>");
        return HtmlPage.Render(context, $"{resource} console", "/console", html, refreshMilliseconds: 1000);
    }
}
