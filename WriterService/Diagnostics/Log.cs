namespace VaultDemo.WriterService.Diagnostics;

/// <summary>
/// Every WriterService log event, with stable ids (3000-3999). Paths, versions and counts only: secret values,
/// Idempotency-Keys' requests and credentials never reach a logger.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Warning, "{Method} {Path} failed with {Status}: {Title}")]
    public static partial void DependencyFailed(ILogger logger, Exception exception, string method, string path, int status, string title);

    [LoggerMessage(3100, LogLevel.Warning, "Recording {Path} version {Version} failed ({SqlState}); retrying")]
    public static partial void RecordRetried(ILogger logger, Exception exception, string path, int version, string? sqlState);

    [LoggerMessage(3200, LogLevel.Warning, "Outbox dispatch failed; unsent events stay queued, next attempt in {Backoff}")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, TimeSpan backoff);

    [LoggerMessage(3300, LogLevel.Information, "Outbox retention deleted {Events} sent events and {Keys} idempotency keys older than {Retention}")]
    public static partial void RetentionDeleted(ILogger logger, long events, long keys, TimeSpan retention);

    [LoggerMessage(3301, LogLevel.Warning, "Outbox retention failed; next attempt in {Interval}")]
    public static partial void RetentionFailed(ILogger logger, Exception exception, TimeSpan interval);
}
