using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VaultDemo.Orchestrator.Dashboard.Rendering;

namespace VaultDemo.Orchestrator.Dashboard.Access;

/// <summary><c>/login?t=&lt;token&gt;</c>: the link the AppHost prints; a valid token sets the cookie and opens the dashboard.</summary>
internal static class LoginPage
{
    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", (HttpContext context, IDashboardTokenValidator validator, string? t) =>
        {
            if (string.IsNullOrEmpty(t))
            {
                return Render(StatusCodes.Status200OK, null);
            }

            if (!validator.IsValid(t))
            {
                return Render(StatusCodes.Status401Unauthorized, "That token is not this AppHost's. Use the link printed at start.");
            }

            DashboardAccess.SignIn(context, t);
            return Results.Redirect("/");
        }).ExcludeFromDescription();

        return endpoints;
    }

    public static IResult Render(int statusCode, string? problem)
    {
        var body = new HtmlBuilder();
        body.Raw("<section class=\"login\"><h1>VaultDemo dashboard</h1>");
        if (problem is not null)
        {
            body.Raw("<p class=\"error\">").Text(problem).Raw("</p>");
        }

        body.Raw("<form method=\"get\" action=\"/login\"><label>Token <input type=\"password\" name=\"t\" autocomplete=\"off\" autofocus></label> <button type=\"submit\">Log in</button></form>")
            .Raw("<p class=\"hint\">The AppHost prints <code>Dashboard: http://127.0.0.1:18888/login?t=…</code> when it starts.</p></section>");
        return HtmlPage.Standalone("Log in", body, statusCode);
    }
}
