using Microsoft.AspNetCore.Http.Features;
using VaultDemo.VaultClient;
using VaultDemo.WriterService.Http;
using VaultDemo.WriterService.Idempotency;

namespace VaultDemo.WriterService.Secrets;

internal static class SecretEndpoints
{
    public static void MapSecretEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/secrets/{**path}", WriteAsync)
            .WithName("WriteSecret")
            .WithSummary("Writes a new version of secret/apps/{path}. The writer can never read a secret back. An Idempotency-Key header makes a retry safe.")
            .Accepts<SecretWriteRequest>("application/json")
            .Produces<SecretWritten>()
            .ProducesValidationProblem() // also when the secret requires check-and-set and no cas was sent
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> WriteAsync(string? path, HttpRequest request, SecretWriter writer, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (SecretPath.FindDotSegment(request.HttpContext.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget) is { } dotSegment)
        {
            errors.Add("path", $"The path must not contain '.' or '..' segments, encoded or not; it has '{dotSegment}'.");
        }
        else if (SecretPath.Validate(path) is { } pathError)
        {
            errors.Add("path", pathError);
        }

        var idempotencyKey = IdempotencyKeyHeader.Read(request, errors);
        var (body, bodyErrors) = await JsonBody.ReadObjectAsync(request, SecretWriteRequest.MaxBodyBytes, cancellationToken);
        using (body)
        {
            if (body is null)
            {
                return errors.Merge(bodyErrors).ToProblem();
            }

            var write = SecretWriteRequest.Parse(body.RootElement, errors);
            if (write is null || !errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            try
            {
                return TypedResults.Ok(await writer.WriteAsync(path!, write, idempotencyKey, cancellationToken));
            }
            catch (IdempotencyKeyException e)
            {
                return TypedResults.Problem(
                    statusCode: e.Reused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict,
                    title: e.Reused ? "Idempotency-Key reused" : "Request with this Idempotency-Key unresolved",
                    detail: e.Message);
            }
            catch (VaultApiException e) when (e.IsCheckAndSetRequired)
            {
                errors.Add("cas", "This secret requires check-and-set: send 'cas' (0 to create it, n to replace version n).");
                return errors.ToProblem();
            }
            catch (VaultApiException e) when (e.IsCheckAndSetConflict)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Check-and-set conflict",
                    detail: write.Cas == 0 ? "The secret already exists; cas 0 writes only new secrets." : $"Version {write.Cas} is not the current version; read the current version number and retry.");
            }
        }
    }
}
