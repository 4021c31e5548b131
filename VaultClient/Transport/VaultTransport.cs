using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using VaultDemo.VaultClient.Diagnostics;

namespace VaultDemo.VaultClient.Transport;

/// <summary>
/// Sends one logical call to Vault: headers, body, status handling and the single retry after an invalid-token 403.
/// Bodies are read once into a byte array and parsed with source-generated metadata; nothing else is copied.
/// </summary>
internal sealed class VaultTransport(HttpClient httpClient, VaultTelemetry telemetry, ILogger logger)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue MergePatch = new("application/merge-patch+json");

    private IVaultTokenSource? _tokens;

    public void UseTokenSource(IVaultTokenSource tokens) => _tokens = tokens;

    /// <summary>Headers that never change go on the client once (Vault Agent's require_request_header wants X-Vault-Request).</summary>
    public static void ConfigureDefaultHeaders(HttpClient httpClient, VaultClientOptions options)
    {
        var headers = httpClient.DefaultRequestHeaders;
        headers.Remove("X-Vault-Request");
        headers.TryAddWithoutValidation("X-Vault-Request", "true");
        headers.Remove("X-Vault-Namespace");
        if (options.Namespace is { Length: > 0 } ns)
        {
            headers.TryAddWithoutValidation("X-Vault-Namespace", ns);
        }
    }

    public async Task<VaultRawResponse> SendAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        using var activity = telemetry.StartCall(request.Operation, request.Path);
        try
        {
            if (!request.Authenticated || request.TokenOverride is not null)
            {
                return await SendOnceAsync(request, request.TokenOverride, cancellationToken).ConfigureAwait(false);
            }

            var tokens = _tokens ?? throw new InvalidOperationException("This VaultClient has no auth method configured.");
            var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendOnceAsync(request, token.Token, cancellationToken).ConfigureAwait(false);
            }
            catch (VaultApiException e) when (e.IsInvalidToken)
            {
                Log.InvalidTokenRetry(logger, request.Operation, request.Path);
                await tokens.ReauthenticateAsync(token.Generation, cancellationToken).ConfigureAwait(false);
                token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                return await SendOnceAsync(request, token.Token, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (VaultApiException e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.StatusCode?.ToString() ?? "unreachable");
            throw;
        }
    }

    public async Task<TData?> SendAsync<TData>(VaultRequest request, JsonTypeInfo<VaultResponse<TData>> typeInfo, CancellationToken cancellationToken)
    {
        var response = await SendEnvelopeAsync(request, typeInfo, cancellationToken).ConfigureAwait(false);
        return response is null ? default : response.Data;
    }

    public async Task<VaultResponse<TData>?> SendEnvelopeAsync<TData>(VaultRequest request, JsonTypeInfo<VaultResponse<TData>> typeInfo, CancellationToken cancellationToken)
    {
        var raw = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return !raw.HasBody || raw.IsNotFound ? null : Parse(raw.Body, typeInfo, request);
    }

    public static T Parse<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo, VaultRequest request)
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new VaultApiException($"Vault's answer to {request.Operation} {request.Path} could not be read: {e.Message}", HttpStatusCode.OK, innerException: e);
        }
    }

    private async Task<VaultRawResponse> SendOnceAsync(VaultRequest request, string? token, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path);
        var headers = message.Headers;
        if (token is not null)
        {
            headers.TryAddWithoutValidation("X-Vault-Token", token);
        }

        if (request.WrapTtl is { } wrapTtl)
        {
            headers.TryAddWithoutValidation("X-Vault-Wrap-TTL", ((long)wrapTtl.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = request.IsMergePatch ? MergePatch : Json;
        }

        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new VaultApiException($"Vault could not be reached for {request.Operation} {request.Path}: {e.Message}", innerException: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VaultApiException($"Vault did not answer {request.Operation} {request.Path} within {httpClient.Timeout}.", innerException: e);
        }

        using (response)
        {
            var status = response.StatusCode;
            var bytes = status == HttpStatusCode.NoContent
                ? []
                : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if ((int)status < 400 || (status == HttpStatusCode.NotFound && request.AllowNotFound))
            {
                return new VaultRawResponse(status, bytes);
            }

            throw CreateException(request, status, bytes);
        }
    }

    internal static VaultApiException CreateException(VaultRequest request, HttpStatusCode status, byte[] body)
    {
        string[] errors = [];
        if (body.Length > 0)
        {
            try
            {
                errors = JsonSerializer.Deserialize(body, VaultJsonContext.Default.VaultErrorResponse)?.Errors ?? [];
            }
            catch (JsonException)
            {
                // Not Vault's envelope (a proxy page, say); the status code is all we can report.
            }
        }

        var detail = errors.Length == 0 ? "" : ": " + string.Join("; ", errors.Select(Flatten));
        return new VaultApiException($"Vault answered {(int)status} to {request.Operation} {request.Path}{detail}", status, errors);
    }

    /// <summary>Go multierror text (<c>"1 error occurred:\n\t* permission denied\n\n"</c>) becomes <c>permission denied</c>.</summary>
    private static string Flatten(string error)
    {
        if (!error.Contains("\n\t* ", StringComparison.Ordinal))
        {
            return error.Trim();
        }

        return string.Join(", ", error.Split("\n\t* ").Skip(1).Select(e => e.Trim()));
    }
}
