using VaultDemo.VaultClient.Auth;

namespace VaultDemo.VaultClient.Transport;

/// <summary>Vault's success envelope (VAULT-API 0.3). Read <c>data</c>, never the top-level copies some sys routes add.</summary>
internal sealed class VaultResponse<TData>
{
    public string? RequestId { get; init; }

    public string? LeaseId { get; init; }

    public bool Renewable { get; init; }

    public long LeaseDuration { get; init; }

    public TData? Data { get; init; }

    public VaultWrapInfo? WrapInfo { get; init; }

    public string[]? Warnings { get; init; }

    public VaultAuthInfo? Auth { get; init; }
}

/// <summary>The error envelope: <c>{"errors":[...]}</c>, possibly empty.</summary>
internal sealed class VaultErrorResponse
{
    public string[]? Errors { get; init; }
}

/// <summary>Marker for endpoints whose <c>data</c> is irrelevant or absent.</summary>
internal sealed class VaultNoData;
