namespace VaultDemo.ServiceDefaults.Resilience;

/// <summary>The standard handler's settings; the defaults follow Microsoft's standard resilience handler, with a shorter first retry for loopback calls.</summary>
public sealed record HttpResilienceOptions
{
    /// <summary>Bounds the whole call, retries included.</summary>
    public TimeSpan TotalRequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bounds each attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The breaker opens when this share of calls in the sampling window failed...</summary>
    public double CircuitBreakerFailureRatio { get; init; } = 0.5;

    /// <summary>...over at least this many calls...</summary>
    public int CircuitBreakerMinimumThroughput { get; init; } = 20;

    public TimeSpan CircuitBreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>...and stays open this long before letting a trial call through.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(5);
}
