using System.Text.Json.Nodes;

namespace DevVault.Core;

/// <summary>What a backend returns. The HTTP layer renders it as Vault's envelope (VAULT-API.md 0.3).</summary>
public sealed class LogicalResponse
{
    public JsonObject? Data { get; set; }

    /// <summary>Set by login endpoints and token creation; the core mints the token when <see cref="AuthInfo.ClientToken"/> is empty.</summary>
    public AuthInfo? Auth { get; set; }

    /// <summary>Set by backends that issue a leased secret; the expiration manager assigns the lease id.</summary>
    public SecretInfo? Secret { get; set; }

    public List<string> Warnings { get; } = [];

    /// <summary>Set by the core when the response was wrapped.</summary>
    public WrapInfo? WrapInfo { get; set; }

    /// <summary>
    /// Overrides the status code: KV v2 replies 404 with a body for deleted versions, lease revocation replies 202.
    /// Null means 200 (or 204 when there is nothing to send).
    /// </summary>
    public int? StatusCode { get; set; }

    /// <summary>
    /// A response that must be sent exactly as stored (unwrap returns the original response verbatim).
    /// When set, every other property is ignored by the HTTP layer.
    /// </summary>
    public string? RawJson { get; set; }

    /// <summary>
    /// A body that is not JSON, sent as is with <see cref="RawContentType"/> (PKI serves certificates and CRLs as
    /// DER or PEM). When set, every other property but <see cref="StatusCode"/> is ignored by the HTTP layer.
    /// </summary>
    public byte[]? RawBody { get; set; }

    public string RawContentType { get; set; } = "application/octet-stream";

    public static LogicalResponse Raw(byte[] body, string contentType) => new() { RawBody = body, RawContentType = contentType };

    public static LogicalResponse WithData(JsonObject data) => new() { Data = data };

    public bool IsEmpty => Data is null && Auth is null && Secret is null && WrapInfo is null && Warnings.Count == 0 && RawJson is null && RawBody is null;
}
