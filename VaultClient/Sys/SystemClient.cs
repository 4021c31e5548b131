using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Sys;

/// <summary>Unauthenticated server status.</summary>
public sealed class SystemClient
{
    // Like the Go SDK: ask for 200 in every state so the body (which says what is wrong) is always readable.
    private const string HealthPath = "sys/health?standbycode=200&sealedcode=200&uninitcode=200&drsecondarycode=200&performancestandbycode=200";

    private readonly VaultTransport _transport;

    internal SystemClient(VaultTransport transport) => _transport = transport;

    public async Task<VaultHealth> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        var request = new VaultRequest(HttpMethod.Get, HealthPath, "sys.health") { Authenticated = false };
        var raw = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return VaultTransport.Parse(raw.Body, VaultJsonContext.Default.VaultHealth, request);
    }
}
