using VaultDemo.WriterService.Http;

namespace VaultDemo.WriterService.Users;

internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/users", RegisterAsync)
            .WithName("RegisterUser")
            .WithSummary("Registers a user: email encrypted by Vault transit, api secret stored in Vault KV; neither is echoed.")
            .Accepts<RegisterUserRequest>("application/json")
            .Produces<UserRegistered>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, UserRegistration registration, CancellationToken cancellationToken)
    {
        var (body, errors) = await JsonBody.ReadObjectAsync(request, RegisterUserRequest.MaxBodyBytes, cancellationToken);
        using (body)
        {
            if (body is null || RegisterUserRequest.Parse(body.RootElement, errors) is not { } user)
            {
                return errors.ToProblem();
            }

            return await registration.RegisterAsync(user, cancellationToken) is { } registered
                ? TypedResults.Created($"/api/users/{registered.Id}", registered)
                : Conflict(user.Id);
        }
    }

    private static IResult Conflict(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "User already registered", detail: $"A user with id '{id}' already exists.");
}
