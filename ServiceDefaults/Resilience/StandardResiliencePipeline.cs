using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace VaultDemo.ServiceDefaults.Resilience;

/// <summary>
/// Total timeout → retry → circuit breaker → attempt timeout, the order of Microsoft's standard handler:
/// a retry never outlives the total budget, and the breaker counts each attempt.
/// </summary>
public static class StandardResiliencePipeline
{
    /// <summary>The request being sent, for deciding whether it may be retried.</summary>
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("VaultDemo.HttpRequest");

    public static ResiliencePipeline<HttpResponseMessage> Create(HttpResilienceOptions options, TimeProvider? timeProvider = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (timeProvider is not null)
        {
            builder.TimeProvider = timeProvider;
        }

        return builder
            .AddTimeout(options.TotalRequestTimeout)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Context, args.Outcome)),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>
    /// Only safe methods are retried. HTTP calls PUT idempotent, but Vault's KV PUT/POST create a new
    /// version each time, so a write retried after a lost response would write twice.
    /// </summary>
    private static bool IsRetryable(ResilienceContext context, Outcome<HttpResponseMessage> outcome) =>
        context.Properties.TryGetValue(RequestKey, out var request)
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options || request.Method == HttpMethod.Trace)
        && IsTransient(outcome);

    /// <summary>Network failures, attempt timeouts, 408, 429 and 5xx: what a later attempt may not see.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };
}
