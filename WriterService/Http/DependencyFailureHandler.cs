using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using VaultDemo.VaultClient;
using VaultDemo.WriterService.Diagnostics;

namespace VaultDemo.WriterService.Http;

/// <summary>
/// Turns a dependency's failure into the problem a caller can act on: 503 with Retry-After while Vault or
/// PostgreSQL is unreachable, 403 when Vault denies. The exception's own text stays in the log; it can carry paths.
/// </summary>
internal sealed class DependencyFailureHandler(IProblemDetailsService problems, ILogger<DependencyFailureHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            VaultApiException { IsPermissionDenied: true } => (StatusCodes.Status403Forbidden, "Vault denied the operation to this service."),
            VaultApiException { IsTransient: true } or HttpRequestException => (StatusCodes.Status503ServiceUnavailable, "Vault is unreachable; retry later."),
            NpgsqlException { IsTransient: true } or TimeoutException => (StatusCodes.Status503ServiceUnavailable, "The database is unreachable; retry later."),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }

        Log.DependencyFailed(logger, exception, context.Request.Method, context.Request.Path.Value ?? "", status, title);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title },
        });
    }
}
