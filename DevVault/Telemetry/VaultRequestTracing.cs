using System.Diagnostics;

namespace DevVault.Telemetry;

/// <summary>
/// One server span per Vault HTTP request, continuing the caller's W3C <c>traceparent</c>. It records
/// where the request went and how it ended (path, operation, mount, status), never a header, a token
/// or a body: those carry credentials and secret data. Once the kernel has routed a request it may
/// refine <c>vault.operation</c> and <c>vault.mount</c> on <see cref="Activity.Current"/>.
/// </summary>
public static class VaultRequestTracing
{
    public static IApplicationBuilder UseVaultRequestTracing(this IApplicationBuilder app) =>
        app.Use(static (context, next) => DevVaultTracing.Source.HasListeners() ? TraceAsync(context, next) : next(context));

    private static async Task TraceAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var logicalPath = path.StartsWith("/v1/", StringComparison.Ordinal) ? path["/v1/".Length..] : path.TrimStart('/');
        var operation = Operation(request);
        var mount = Mount(logicalPath);

        using var activity = DevVaultTracing.Source.StartActivity($"{operation} {mount}", ActivityKind.Server, RemoteParent(request.Headers));
        if (activity is null)
        {
            await next(context);
            return;
        }

        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("vault.path", logicalPath);
        activity.SetTag("vault.operation", operation);
        activity.SetTag("vault.mount", mount);
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
            activity.SetTag("http.response.status_code", context.Response.StatusCode);
            if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    private static ActivityContext RemoteParent(IHeaderDictionary headers) =>
        ActivityContext.TryParse(headers["traceparent"], headers["tracestate"], isRemote: true, out var parent) ? parent : default;

    /// <summary>Vault's operation names: how its policies and audit log name what a request does.</summary>
    private static string Operation(HttpRequest request) => request.Method switch
    {
        "LIST" => "list",
        "GET" when string.Equals(request.Query["list"], "true", StringComparison.OrdinalIgnoreCase) => "list",
        "GET" or "HEAD" => "read",
        "DELETE" => "delete",
        "PATCH" => "patch",
        _ => "update",
    };

    /// <summary>The mount a path addresses as Vault names it: <c>secret</c>, <c>transit</c>, <c>auth/approle</c>, <c>sys</c>.</summary>
    private static string Mount(string logicalPath)
    {
        var segments = logicalPath.Split('/', 3, StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            [] => "",
            ["auth", var method, ..] => $"auth/{method}",
            [var first, ..] => first,
        };
    }
}
