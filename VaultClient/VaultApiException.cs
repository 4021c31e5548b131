using System.Net;

namespace VaultDemo.VaultClient;

/// <summary>
/// The one exception every Vault call throws: the HTTP status (absent when Vault could not be reached),
/// Vault's own <c>errors</c> and whether a retry can help. Messages name the operation and path, never a
/// token, secret id, password or secret value.
/// </summary>
public sealed class VaultApiException : Exception
{
    public VaultApiException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<string>? errors = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Errors = errors ?? [];
    }

    /// <summary>The HTTP status Vault answered with; <see langword="null"/> when no answer arrived (network failure, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Vault's <c>errors</c> array, verbatim (it may be empty, e.g. on a plain 404).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>
    /// True when the same request may succeed later: no answer at all, sealed or standby (503), rate limited (429),
    /// eventual-consistency precondition (412), upstream trouble (500, 502, 504).
    /// </summary>
    public bool IsTransient => StatusCode is null
        or HttpStatusCode.PreconditionFailed
        or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// True when Vault rejected the token itself (expired, revoked, unknown) rather than the request:
    /// a new login can fix it. Vault 1.17+ says <c>invalid token</c> next to <c>permission denied</c>.
    /// </summary>
    public bool IsInvalidToken => StatusCode == HttpStatusCode.Forbidden && Errors.Any(e => e.Contains("invalid token", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the token is valid but its policies do not allow the request.</summary>
    public bool IsPermissionDenied => StatusCode == HttpStatusCode.Forbidden && !IsInvalidToken;

    /// <summary>
    /// True when a check-and-set write lost the race: its <c>cas</c> is not the current version (Vault answers 400
    /// with this text). A missing or malformed <c>cas</c> is a bad request, not a conflict.
    /// </summary>
    public bool IsCheckAndSetConflict => HasBadRequestError("check-and-set parameter did not match the current version");

    /// <summary>True when the key (or its mount) has <c>cas_required</c> set and the write carried no <c>cas</c>.</summary>
    public bool IsCheckAndSetRequired => HasBadRequestError("check-and-set parameter required for this call");

    /// <summary>
    /// True when no connection to Vault could be opened (refused, unknown host, failed TLS handshake), so the request
    /// certainly did not reach it. False for a timeout or a connection lost mid-request: Vault may have acted on those.
    /// </summary>
    public bool WasNeverSent => StatusCode is null && InnerException is HttpRequestException
    {
        HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
    };

    /// <summary>True when a response-wrapping token was already used, has expired, or never existed.</summary>
    public bool IsInvalidWrappingToken => WrappingTokenRejected || Errors.Any(e => e.Contains("wrapping token is not valid", StringComparison.OrdinalIgnoreCase));

    private bool HasBadRequestError(string text) =>
        StatusCode == HttpStatusCode.BadRequest && Errors.Any(e => e.Contains(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>Set when a wrapping token presented as the client token was refused (Vault then answers a plain 403).</summary>
    internal bool WrappingTokenRejected { get; init; }
}
