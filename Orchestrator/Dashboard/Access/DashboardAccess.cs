using Microsoft.AspNetCore.Http;

namespace VaultDemo.Orchestrator.Dashboard.Access;

/// <summary>Where a request may carry the login token: the cookie set by /login, or a bearer header for scripts.</summary>
internal static class DashboardAccess
{
    public const string CookieName = "vaultdemo-dashboard";

    public static bool IsAuthorized(HttpContext context, IDashboardTokenValidator validator)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return validator.IsValid(authorization["Bearer ".Length..].Trim());
        }

        return context.Request.Cookies.TryGetValue(CookieName, out var cookie) && validator.IsValid(cookie);
    }

    public static void SignIn(HttpContext context, string token) =>
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });

    public static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains(System.Net.Mime.MediaTypeNames.Text.Html, StringComparison.OrdinalIgnoreCase);
}
