using Microsoft.AspNetCore.Http;
using VaultDemo.Orchestrator.Dashboard.Rendering;

namespace VaultDemo.Orchestrator.Dashboard.Resources;

/// <summary>The home page: every resource's type, state, health, start time, endpoints, environment and exit code.</summary>
internal static class ResourcesPage
{
    public static IResult Render(HttpContext context, IDashboardResourceSource source)
    {
        var resources = source.GetResources();
        var html = new HtmlBuilder().Raw("<h1>Resources</h1>");
        if (resources.Count == 0)
        {
            html.Raw("<p class=\"muted\">No resources yet.</p>");
        }
        else
        {
            html.Raw("<table class=\"resources\"><thead><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>Started</th><th>Endpoints</th><th>Exit code</th><th></th></tr></thead><tbody>");
            foreach (var resource in resources)
            {
                Row(html, resource);
            }

            html.Raw("</tbody></table>");
        }

        return HtmlPage.Render(context, "Resources", "/", html, refreshMilliseconds: 2000);
    }

    private static void Row(HtmlBuilder html, DashboardResource resource)
    {
        html.Raw("<tr").Attribute("data-resource", resource.Name).Raw("><td><strong>").Text(resource.Name).Raw("</strong></td><td>").Text(resource.Type)
            .Raw("</td><td><span class=\"badge ").Raw(StateClass(resource.State)).Raw(" state\">").Text(resource.State).Raw("</span>");
        if (resource.Restarts > 0)
        {
            html.Raw(" <span class=\"muted\">").Text($"restarted {resource.Restarts}×").Raw("</span>");
        }

        html.Raw("</td><td>");
        if (resource.HealthStatus is not null)
        {
            html.Raw("<span class=\"badge ").Raw(StateClass(resource.HealthStatus)).Raw(" health\">").Text(resource.HealthStatus).Raw("</span>");
        }

        html.Raw("</td><td>");
        if (resource.StartedAt is { } started)
        {
            html.Time(started);
        }

        html.Raw("</td><td>");
        foreach (var url in resource.Urls)
        {
            // Only what a browser can open is a link; tcp:// endpoints (PostgreSQL, RabbitMQ) are shown as text.
            if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                html.Link(url, url);
            }
            else
            {
                html.Raw("<span class=\"mono\">").Text(url).Raw("</span>");
            }

            html.Raw("<br>");
        }

        html.Raw("</td><td>").Text(resource.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</td><td>")
            .Link("/console?" + Formatting.Query(("resource", resource.Name)), "Console").Raw(" · ")
            .Link("/structuredlogs?" + Formatting.Query(("resource", resource.Name)), "Logs").Raw(" · ")
            .Link("/traces?" + Formatting.Query(("resource", resource.Name)), "Traces").Raw(" · ")
            .Link("/metrics?" + Formatting.Query(("resource", resource.Name)), "Metrics").Raw("</td></tr>");

        html.Raw("<tr class=\"details-row\"><td colspan=\"8\"><details").Attribute("data-key", "resource:" + resource.Name)
            .Raw("><summary class=\"muted\">Health reports and environment</summary>");
        if (resource.HealthReports.Count > 0)
        {
            html.Raw("<h2>Health reports</h2><table><tbody>");
            foreach (var report in resource.HealthReports)
            {
                html.Raw("<tr><td>").Text(report.Name).Raw("</td><td><span class=\"badge ").Raw(StateClass(report.Status)).Raw("\">").Text(report.Status)
                    .Raw("</span></td><td>").Text(report.Description).Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("<h2>Environment</h2><table class=\"env\"><tbody>");
        foreach (var variable in resource.Environment.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            html.Raw("<tr><td class=\"mono\">").Text(variable.Name).Raw("</td><td class=\"mono\">").Text(SecretMasking.Display(variable)).Raw("</td></tr>");
        }

        html.Raw("</tbody></table></details></td></tr>");
    }

    private static string StateClass(string state) => state switch
    {
        "Running" or "Healthy" or "Finished" => "ok",
        "Starting" or "Waiting" or "NotStarted" or "Stopping" or "Degraded" => "warn",
        "FailedToStart" or "RuntimeUnhealthy" or "Unhealthy" or "Exited" => "bad",
        _ => "",
    };
}
