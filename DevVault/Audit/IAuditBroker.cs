using DevVault.Core;
using DevVault.Policies;

namespace DevVault.Audit;

/// <summary>
/// Fans request and response entries out to the enabled audit devices. With at least one device enabled,
/// a request proceeds only if at least one device recorded it (fail-closed, VAULT-API.md 7).
/// </summary>
public interface IAuditBroker
{
    bool HasDevices { get; }

    /// <summary>Writes the request entry. Throws a 500 <see cref="VaultException"/> when every device failed.</summary>
    ValueTask LogRequestAsync(LogicalRequest request, AclDecision? decision, VaultException? error, CancellationToken cancellationToken);

    /// <summary>Writes the response entry. Throws a 500 <see cref="VaultException"/> when every device failed.</summary>
    ValueTask LogResponseAsync(LogicalRequest request, AclDecision? decision, LogicalResponse? response, VaultException? error, CancellationToken cancellationToken);
}
