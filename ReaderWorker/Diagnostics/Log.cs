namespace VaultDemo.ReaderWorker.Diagnostics;

/// <summary>
/// Every ReaderWorker log event, with stable ids (4000-4999). Paths, versions, counts and lags only: what a secret
/// holds never reaches a logger (its number of keys does).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "Read {Path} version {Version} ({Keys} keys{Deleted}), {LagMilliseconds} ms after it was written")]
    public static partial void VersionRead(ILogger logger, string path, int version, int keys, string deleted, long lagMilliseconds);

    [LoggerMessage(4001, LogLevel.Warning, "Secret {Path} version {Version} does not exist (metadata deleted); recording it as handled")]
    public static partial void VersionMissing(ILogger logger, string path, int version);

    [LoggerMessage(4100, LogLevel.Information, "Reconciliation read {Count} versions the bus had not delivered")]
    public static partial void Reconciled(ILogger logger, int count);

    [LoggerMessage(4101, LogLevel.Warning, "Reconciliation failed; retrying in {Interval}")]
    public static partial void ReconciliationFailed(ILogger logger, Exception exception, TimeSpan interval);
}
