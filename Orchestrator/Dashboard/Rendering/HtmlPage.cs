using Microsoft.AspNetCore.Http;

namespace VaultDemo.Orchestrator.Dashboard.Rendering;

/// <summary>
/// The page frame: navigation, the embedded stylesheet and script. A page that refreshes itself
/// asks for its own URL with <see cref="FragmentHeader"/> and swaps in the new &lt;main&gt; only.
/// </summary>
internal static class HtmlPage
{
    public const string FragmentHeader = "X-Dashboard-Fragment";

    private static readonly (string Href, string Label)[] Navigation =
    [
        ("/", "Resources"),
        ("/console", "Console"),
        ("/structuredlogs", "Structured logs"),
        ("/traces", "Traces"),
        ("/metrics", "Metrics"),
    ];

    /// <param name="refreshMilliseconds">Live pages poll their own URL; null for static ones.</param>
    public static IResult Render(HttpContext context, string title, string activeHref, HtmlBuilder main, int? refreshMilliseconds = null)
    {
        if (context.Request.Headers.ContainsKey(FragmentHeader))
        {
            return Html(main.ToString(), StatusCodes.Status200OK);
        }

        var page = new HtmlBuilder();
        Head(page, title);
        page.Raw("<header><span class=\"brand\">VaultDemo</span><nav>");
        foreach (var (href, label) in Navigation)
        {
            page.Raw("<a").Attribute("href", href);
            if (href == activeHref)
            {
                page.Raw(" class=\"active\"");
            }

            page.Raw(">").Text(label).Raw("</a>");
        }

        page.Raw("</nav></header><main id=\"main\"");
        if (refreshMilliseconds is { } refresh)
        {
            page.Attribute("data-refresh", refresh.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        page.Raw(">").Raw(main.ToString()).Raw("</main></body></html>");
        return Html(page.ToString(), StatusCodes.Status200OK);
    }

    /// <summary>A page without navigation (the login page).</summary>
    public static IResult Standalone(string title, HtmlBuilder main, int statusCode)
    {
        var page = new HtmlBuilder();
        Head(page, title);
        page.Raw("<main>").Raw(main.ToString()).Raw("</main></body></html>");
        return Html(page.ToString(), statusCode);
    }

    private static void Head(HtmlBuilder page, string title) =>
        page.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Text(title)
            .Raw(" · VaultDemo</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<link rel=\"stylesheet\" href=\"/_dashboard/dashboard.css\"><script src=\"/_dashboard/dashboard.js\" defer></script></head><body>");

    private static IResult Html(string html, int statusCode) => new HtmlResult(html, statusCode);

    /// <summary>
    /// An HTML response that may load only this origin's files (the embedded stylesheet and script),
    /// and never sends the address, which may have held the login token, to another site.
    /// </summary>
    private sealed class HtmlResult(string html, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
