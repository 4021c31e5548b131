using System.Collections.Concurrent;
using Polly;

namespace VaultDemo.ServiceDefaults.Resilience;

/// <summary>
/// One pipeline per destination (scheme, host and port), shared by every handler: the circuit breaker
/// reflects the health of one server, and Vault being down does not break calls to anything else.
/// Shared because the HttpClient factory recreates handlers every few minutes.
/// </summary>
public sealed class ResiliencePipelines(HttpResilienceOptions options, TimeProvider? timeProvider = null)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    public ResiliencePipeline<HttpResponseMessage> For(Uri? requestUri) =>
        _pipelines.GetOrAdd(requestUri?.GetLeftPart(UriPartial.Authority) ?? "", _ => StandardResiliencePipeline.Create(options, timeProvider));
}
