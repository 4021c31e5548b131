using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;
using Microsoft.AspNetCore.Http.Features;

namespace DevVault.Http;

/// <summary>
/// Turns HTTP requests under <c>/v1/</c> into logical requests and logical responses back into Vault's wire
/// format (VAULT-API.md section 0): methods, list forms, merge-patch, weakly typed bodies, token headers, wrap TTL.
/// </summary>
public static partial class VaultHttpEndpoint
{
    /// <summary>Vault's default listener limit (32 MiB); larger bodies get 413.</summary>
    public const long MaxRequestBodyBytes = 32L * 1024 * 1024;

    public static IEndpointRouteBuilder MapVaultApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/v1/{**path}", HandleAsync);
        endpoints.Map("/v1", HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var core = context.RequestServices.GetRequiredService<VaultCore>();
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        var requestId = Ids.Uuid();

        LogicalRequest request;
        try
        {
            request = await ParseAsync(context, requestId);
        }
        catch (VaultException error)
        {
            await EnvelopeWriter.WriteErrorAsync(response, error);
            return;
        }

        if (context.Request.Headers.TryGetValue("X-Vault-Namespace", out var ns))
        {
            response.Headers["X-Vault-Namespace"] = ns;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var result = await core.HandleAsync(request, context.RequestAborted);
            if (HttpMethods.IsHead(context.Request.Method))
            {
                response.StatusCode = result?.StatusCode ?? 200;
                return;
            }

            await EnvelopeWriter.WriteAsync(response, request, result);
        }
        catch (VaultException error)
        {
            await EnvelopeWriter.WriteErrorAsync(response, error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception error) when (!response.HasStarted)
        {
            // A fault outside any backend (the core already turned backend faults into a 500 and audited them).
            LogUnexpected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VaultHttpEndpoint)), request.Path, error.GetType().Name);
            await EnvelopeWriter.WriteErrorAsync(response, VaultException.Internal());
        }
        finally
        {
            // By mount only: a full path can name a secret, and metrics are read by monitoring, not by operators alone.
            context.RequestServices.GetService<Telemetry.VaultMetrics>()?.RecordRequest(context.Request.Method, request.Mount?.Path ?? "", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task<LogicalRequest> ParseAsync(HttpContext context, string requestId)
    {
        var http = context.Request;
        var rawPath = (string?)context.Request.RouteValues["path"] ?? "";
        var path = ValidatePath(rawPath);

        var (operation, isList) = ToOperation(http);
        if (isList && !path.EndsWith('/'))
        {
            path += "/";
        }

        JsonObject data;
        if (HttpMethods.IsPost(http.Method) || HttpMethods.IsPut(http.Method) || HttpMethods.IsPatch(http.Method))
        {
            // Vault reads a write's parameters from its body only; query parameters of a POST/PUT are ignored.
            data = await ReadBodyAsync(http);
        }
        else
        {
            data = new JsonObject();
            foreach (var (key, value) in http.Query)
            {
                if (key != "list")
                {
                    data[key] = value.ToString();
                }
            }
        }

        var connection = context.Connection;
        return new LogicalRequest
        {
            Id = requestId,
            Operation = operation,
            Path = path,
            Data = data,
            ClientToken = ReadToken(http),
            RemoteAddress = connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            RemotePort = connection.RemotePort,
            WrapTtl = ReadWrapTtl(http),
            HttpMethod = http.Method,
            Accept = [.. http.Headers.Accept.Where(value => value is not null).Select(value => value!)],
        };
    }

    private static string ValidatePath(string path)
    {
        if (path.EndsWith('.'))
        {
            throw VaultException.NotFound();
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is ".." or ".")
            {
                throw VaultException.BadRequest("invalid request path: relative paths are not allowed");
            }
        }

        return path;
    }

    private static (Operation Operation, bool IsList) ToOperation(HttpRequest http)
    {
        var method = http.Method;
        if (method == "LIST")
        {
            return (Operation.List, true);
        }

        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            if (http.Query.TryGetValue("list", out var list))
            {
                var text = list.ToString();
                if (!bool.TryParse(text, out var isList) && text is not ("1" or "0" or "t" or "f" or "T" or "F"))
                {
                    throw VaultException.BadRequest($"error parsing list parameter: strconv.ParseBool: parsing \"{text}\": invalid syntax");
                }

                if (isList || text is "1" or "t" or "T")
                {
                    return (Operation.List, true);
                }
            }

            return (Operation.Read, false);
        }

        if (HttpMethods.IsPost(method) || HttpMethods.IsPut(method))
        {
            return (Operation.Update, false);
        }

        if (HttpMethods.IsDelete(method))
        {
            return (Operation.Delete, false);
        }

        if (HttpMethods.IsPatch(method))
        {
            var contentType = http.ContentType ?? "";
            if (!contentType.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
            {
                throw new VaultException(415, $"PATCH requires Content-Type of application/merge-patch+json, provided {contentType}");
            }

            return (Operation.Patch, false);
        }

        throw new VaultException(405, VaultException.MultiError("unsupported operation"));
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest http)
    {
        if (http.ContentLength is > MaxRequestBodyBytes)
        {
            throw new VaultException(413, "http: request body too large");
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, http.HttpContext.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == 413)
        {
            throw new VaultException(413, "http: request body too large");
        }

        var span = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (span.IsEmpty)
        {
            return new JsonObject();
        }

        if (span[0] is not (byte)'{' and not (byte)'[' && !(http.ContentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return ParseForm(Encoding.UTF8.GetString(span));
        }

        try
        {
            return JsonNode.Parse(span) switch
            {
                JsonObject obj => obj,
                null => new JsonObject(),
                _ => throw VaultException.BadRequest("failed to parse JSON input: json: cannot unmarshal array into Go value of type map[string]interface {}"),
            };
        }
        catch (JsonException e)
        {
            throw VaultException.BadRequest($"failed to parse JSON input: {e.Message}");
        }
    }

    private static JsonObject ParseForm(string body)
    {
        var data = new JsonObject();
        foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body))
        {
            data[key] = value.ToString();
        }

        return data;
    }

    private static string? ReadToken(HttpRequest http)
    {
        if (http.Headers.TryGetValue("X-Vault-Token", out var token) && !string.IsNullOrEmpty(token))
        {
            return token.ToString();
        }

        var authorization = http.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private static TimeSpan? ReadWrapTtl(HttpRequest http)
    {
        if (!http.Headers.TryGetValue("X-Vault-Wrap-TTL", out var header) || string.IsNullOrEmpty(header))
        {
            return null;
        }

        var text = header.ToString();
        if (!Fields.TryParseDuration(text, out var ttl) || ttl < TimeSpan.Zero)
        {
            throw VaultException.BadRequest($"error parsing X-Vault-Wrap-TTL header: time: invalid duration \"{text}\"");
        }

        return ttl == TimeSpan.Zero ? null : ttl;
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Request to {Path} failed outside any backend ({ErrorType})")]
    private static partial void LogUnexpected(ILogger logger, string path, string errorType);
}
