using System.Net;

namespace VaultDemo.VaultClient.Transport;

/// <summary>Status and body bytes of a successful (or allowed 404) Vault answer; the body is empty for 204.</summary>
internal readonly record struct VaultRawResponse(HttpStatusCode StatusCode, byte[] Body)
{
    public bool HasBody => Body.Length > 0;

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
