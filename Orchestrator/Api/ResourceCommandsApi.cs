using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Dashboard.Access;
using VaultDemo.Orchestrator.Orchestration;

namespace VaultDemo.Orchestrator.Api;

/// <summary>
/// <c>POST /api/resources/{name}/stop</c> and <c>/start</c>: Aspire's resource commands for scripts, behind
/// the same token as <c>GET /api/resources</c>. The answer is the resource as the command left it.
/// </summary>
internal static class ResourceCommandsApi
{
    public static IEndpointRouteBuilder MapResourceCommandsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/resources/{name}/stop", (string name, ApplicationOrchestrator orchestrator, ResourceNotificationService notifications, CancellationToken cancellationToken) =>
                RunAsync(name, notifications, () => orchestrator.StopResourceAsync(name, cancellationToken)))
            .AddEndpointFilter<RequireDashboardTokenFilter>();
        endpoints.MapPost("/api/resources/{name}/start", (string name, ApplicationOrchestrator orchestrator, ResourceNotificationService notifications, CancellationToken cancellationToken) =>
                RunAsync(name, notifications, () => orchestrator.StartResourceAsync(name, cancellationToken)))
            .AddEndpointFilter<RequireDashboardTokenFilter>();
        return endpoints;
    }

    /// <summary>404 for an unknown name, 409 when the resource is not in a state the command applies to.</summary>
    private static async Task<Results<Ok<ResourceDto>, ProblemHttpResult>> RunAsync(string name, ResourceNotificationService notifications, Func<Task> command)
    {
        try
        {
            await command().ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }

        notifications.TryGetCurrent(name, out var current);
        return TypedResults.Ok(ResourceDto.From(current.Snapshot));
    }
}
