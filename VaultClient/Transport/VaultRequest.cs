namespace VaultDemo.VaultClient.Transport;

/// <summary>One logical Vault call: method, path below <c>/v1/</c>, optional JSON body and headers.</summary>
internal readonly record struct VaultRequest(HttpMethod Method, string Path, string Operation)
{
    public static readonly HttpMethod List = new("LIST");

    public static readonly HttpMethod Patch = HttpMethod.Patch;

    /// <summary>UTF-8 JSON body, kept as bytes so the request can be replayed after a re-login.</summary>
    public byte[]? Body { get; init; }

    /// <summary><c>application/merge-patch+json</c> instead of JSON (Vault requires it for PATCH).</summary>
    public bool IsMergePatch { get; init; }

    /// <summary>False for login and other unauthenticated endpoints.</summary>
    public bool Authenticated { get; init; } = true;

    /// <summary>A token to send instead of the client's own (e.g. a wrapping token for unwrap).</summary>
    public string? TokenOverride { get; init; }

    /// <summary>Ask Vault to wrap the response for this long (<c>X-Vault-Wrap-TTL</c>).</summary>
    public TimeSpan? WrapTtl { get; init; }

    /// <summary>Return a 404 to the caller instead of throwing (reads of missing items, KV deleted versions).</summary>
    public bool AllowNotFound { get; init; }
}
