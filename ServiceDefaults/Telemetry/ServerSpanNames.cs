using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace VaultDemo.ServiceDefaults.Telemetry;

/// <summary>
/// ASP.NET Core's own server span is named "Microsoft.AspNetCore.Hosting.HttpRequestIn" and carries no
/// tags; OpenTelemetry.Instrumentation.AspNetCore would fix that but cannot be restored here. This names
/// it "{method} {route}" and adds the semantic-convention tags, so a trace reads "PUT /api/secrets/{name}".
/// The route template is used, never the raw path, and no query string or header is recorded.
/// </summary>
public static class ServerSpanNames
{
    public static IApplicationBuilder UseServerSpanNames(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
            if (activity is not null && IsHealthProbe(context.Request.Path))
            {
                // Probes arrive every few seconds; traced, they (and the Vault and database calls their checks make)
                // would bury the traces people come to see. Unrecorded, the sampler drops their children too.
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                activity.IsAllDataRequested = false;
            }

            if (activity is not { IsAllDataRequested: true })
            {
                await next(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception exception)
            {
                // The type only: a message could quote request data.
                activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
                throw;
            }
            finally
            {
                Describe(activity, context);
            }
        });

    private static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(Health.HealthCheckExtensions.HealthPath) || path.StartsWithSegments(Health.HealthCheckExtensions.AlivePath);

    private static void Describe(Activity activity, HttpContext context)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {RouteText(route)}";
        activity.SetTag("http.request.method", context.Request.Method);
        activity.SetTag("url.scheme", context.Request.Scheme);
        activity.SetTag("http.response.status_code", context.Response.StatusCode);
        if (route is not null)
        {
            activity.SetTag("http.route", RouteText(route));
        }

        if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string RouteText(string route) => route.StartsWith('/') ? route : "/" + route;
}
