using System.Net;
using VaultDemo.VaultClient;

namespace VaultDemo.WriterService.Idempotency;

/// <summary>
/// Whether a Vault write that failed certainly stored nothing, so its Idempotency-Key can be given back and a retry
/// may write. Vault's own refusals are certain: every 4xx, and 503, 429, 412 (sealed or standby, rate limited, not
/// caught up); so is a connection that never opened. A 500, a gateway's 502 or 504, a timeout or a connection lost
/// mid-request are not: Vault may have stored the version, and writing it again would make a second one.
/// </summary>
internal static class FailedVaultWrite
{
    public static bool StoredNothing(VaultApiException failure) => failure.StatusCode switch
    {
        null => failure.WasNeverSent,
        HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => false,
        _ => true,
    };
}
