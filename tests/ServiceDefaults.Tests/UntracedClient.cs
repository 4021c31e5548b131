using OpenTelemetry;

namespace VaultDemo.ServiceDefaults.Tests;

/// <summary>
/// Calls the service under test the way a probe or a browser would: with no span or trace context of its own, so
/// every span received comes from the service. OpenTelemetry's suppression scope flows into HttpClient's own
/// instrumentation below this handler.
/// </summary>
internal sealed class UntracedClient() : DelegatingHandler(new SocketsHttpHandler())
{
    public static HttpClient For(Uri baseAddress) => new(new UntracedClient()) { BaseAddress = baseAddress };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var suppressed = SuppressInstrumentationScope.Begin();
        return await base.SendAsync(request, cancellationToken);
    }
}
