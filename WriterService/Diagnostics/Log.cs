namespace VaultDemo.WriterService.Diagnostics;

/// <summary>
/// Every WriterService log event, with stable ids (3000-3999). Paths, versions and counts only: secret values,
/// Idempotency-Keys' requests and credentials never reach a logger.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3300, LogLevel.Information, "Outbox retention deleted {Events} sent events and {Keys} answered idempotency keys older than {Retention}")]
    public static partial void RetentionDeleted(ILogger logger, long events, long keys, TimeSpan retention);

    [LoggerMessage(3301, LogLevel.Warning, "Outbox retention failed; next attempt in {Interval}")]
    public static partial void RetentionFailed(ILogger logger, Exception exception, TimeSpan interval);
}
