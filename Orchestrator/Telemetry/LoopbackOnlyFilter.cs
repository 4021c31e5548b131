using Microsoft.AspNetCore.Http;

namespace VaultDemo.Orchestrator.Telemetry;

/// <summary>
/// OTLP exporters send no token, so the receiver's only protection is that it answers loopback
/// clients alone: every resource runs on this machine, nothing else may inject telemetry.
/// </summary>
internal sealed class LoopbackOnlyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (remote is null || !System.Net.IPAddress.IsLoopback(remote))
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                detail: "The OTLP receiver accepts telemetry from loopback clients only.",
                statusCode: StatusCodes.Status403Forbidden));
        }

        return next(context);
    }
}
