using Microsoft.AspNetCore.Http;

namespace VaultDemo.Orchestrator.Dashboard.Access;

/// <summary>
/// Refuses every dashboard page and API call without the login token: browsers are sent to the
/// login page, scripts get 401 problem details.
/// </summary>
internal sealed class RequireDashboardTokenFilter(IDashboardTokenValidator validator) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (DashboardAccess.IsAuthorized(http, validator))
        {
            return next(context);
        }

        IResult refusal = DashboardAccess.WantsHtml(http.Request)
            ? LoginPage.Render(StatusCodes.Status401Unauthorized, "Open the dashboard with the link the AppHost printed at start, or paste its token.")
            : TypedResults.Problem(
                detail: "Send the dashboard token printed by the AppHost as 'Authorization: Bearer <token>'.",
                statusCode: StatusCodes.Status401Unauthorized);
        return ValueTask.FromResult<object?>(refusal);
    }
}
