using System.Text.Json.Nodes;
using DevVault.Mounts;
using DevVault.Tokens;

namespace DevVault.Core;

/// <summary>One request after the HTTP layer has parsed it: what the router, ACL, audit and backends see.</summary>
public sealed class LogicalRequest
{
    public required string Id { get; init; }

    /// <summary>Set by the core; starts as the HTTP method's operation, may become Create after the existence check.</summary>
    public Operation Operation { get; set; }

    /// <summary>Full logical path without <c>/v1/</c>, e.g. <c>secret/data/apps/db</c>. List paths end with <c>/</c>.</summary>
    public required string Path { get; set; }

    /// <summary>The mount that routes this request (set by the router), e.g. <c>secret/</c> or <c>auth/approle/</c>.</summary>
    public MountEntry? Mount { get; set; }

    /// <summary>Path below the mount point, e.g. <c>data/apps/db</c> (set by the router).</summary>
    public string RelativePath { get; set; } = "";

    /// <summary>Body fields (POST/PUT/PATCH) or query parameters (GET/DELETE/LIST), weakly typed as Vault accepts them.</summary>
    public JsonObject Data { get; set; } = new();

    /// <summary>The raw client token from <c>X-Vault-Token</c> or <c>Authorization: Bearer</c>; never logged.</summary>
    public string? ClientToken { get; init; }

    /// <summary>The resolved token entry for authenticated requests (null on unauthenticated paths).</summary>
    public TokenEntry? Token { get; set; }

    public string RemoteAddress { get; init; } = "127.0.0.1";

    public int RemotePort { get; init; }

    /// <summary>From <c>X-Vault-Wrap-TTL</c>; when set the core wraps the response.</summary>
    public TimeSpan? WrapTtl { get; set; }

    /// <summary>Set by the core after the ACL check: the token holds sudo on this path (or is root).</summary>
    public bool HasSudo { get; set; }

    /// <summary>True for requests that arrived as PATCH with the merge-patch content type.</summary>
    public bool IsPatch => Operation == Operation.Patch;

    /// <summary>The HTTP method as received, for the few endpoints whose behaviour depends on it.</summary>
    public string HttpMethod { get; init; } = "GET";

    /// <summary>
    /// The <c>Accept</c> header values, one per header line. Vault passes this one header through to its sys backend
    /// (the sys mount's passthrough_request_headers), where <c>sys/metrics</c> picks its format from it.
    /// </summary>
    public IReadOnlyList<string> Accept { get; init; } = [];
}
