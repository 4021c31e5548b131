namespace DevVault.Core;

/// <summary>The <c>wrap_info</c> block of a wrapped response (VAULT-API.md 1.10).</summary>
public sealed class WrapInfo
{
    public required string Token { get; init; }

    public required string Accessor { get; init; }

    public required TimeSpan Ttl { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public required string CreationPath { get; init; }

    /// <summary>Only for wrapped auth responses: the accessor of the token inside.</summary>
    public string? WrappedAccessor { get; init; }
}
