using Microsoft.Extensions.Logging;

namespace VaultDemo.VaultClient.Diagnostics;

/// <summary>
/// Every VaultClient log event. Paths, lease ids, accessors, versions and durations only: tokens, secret ids,
/// passwords and secret values never reach a logger.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Logged in to Vault with {Method} (accessor {Accessor}); token TTL {Ttl}, renewable {Renewable}, reason {Reason}")]
    public static partial void LoggedIn(ILogger logger, string method, string? accessor, TimeSpan ttl, bool renewable, string reason);

    [LoggerMessage(1001, LogLevel.Debug, "Renewed Vault token (accessor {Accessor}); TTL now {Ttl}")]
    public static partial void TokenRenewed(ILogger logger, string? accessor, TimeSpan ttl);

    [LoggerMessage(1002, LogLevel.Information, "Vault token (accessor {Accessor}) reaches its max TTL at {ExpiresAt}; logging in again before then")]
    public static partial void TokenNearMaxTtl(ILogger logger, string? accessor, DateTimeOffset expiresAt);

    [LoggerMessage(1003, LogLevel.Warning, "Renewing the Vault token (accessor {Accessor}) failed with {StatusCode}; logging in again")]
    public static partial void TokenRenewalFailed(ILogger logger, string? accessor, int? statusCode, Exception exception);

    [LoggerMessage(1004, LogLevel.Warning, "Vault rejected the token for {Operation} {Path} as invalid; logging in again and retrying once")]
    public static partial void InvalidTokenRetry(ILogger logger, string operation, string path);

    [LoggerMessage(1005, LogLevel.Warning, "Vault is unavailable ({StatusCode}) during {Activity}; retrying in {Delay}")]
    public static partial void TransientFailure(ILogger logger, string activity, int? statusCode, TimeSpan delay, Exception exception);

    [LoggerMessage(1006, LogLevel.Information, "Revoked the Vault token (accessor {Accessor}) on shutdown")]
    public static partial void TokenRevoked(ILogger logger, string? accessor);

    [LoggerMessage(1007, LogLevel.Warning, "Could not revoke the Vault token (accessor {Accessor}) on shutdown; it expires at its TTL")]
    public static partial void TokenRevokeFailed(ILogger logger, string? accessor, Exception exception);

    [LoggerMessage(1008, LogLevel.Information, "Unwrapped the AppRole secret id (wrapping token created at {CreationPath}); it stays in memory only")]
    public static partial void SecretIdUnwrapped(ILogger logger, string creationPath);

    [LoggerMessage(1009, LogLevel.Error, "Logging in to Vault with {Method} failed with {StatusCode}")]
    public static partial void LoginFailed(ILogger logger, string method, int? statusCode, Exception exception);

    [LoggerMessage(1010, LogLevel.Debug, "Vault token does not expire; no renewal scheduled")]
    public static partial void TokenDoesNotExpire(ILogger logger);

    [LoggerMessage(1100, LogLevel.Information, "Obtained database credentials for role {Role} (lease {LeaseId}, TTL {Ttl})")]
    public static partial void CredentialsObtained(ILogger logger, string role, string leaseId, TimeSpan ttl);

    [LoggerMessage(1101, LogLevel.Debug, "Renewed lease {LeaseId}; TTL now {Ttl}")]
    public static partial void LeaseRenewed(ILogger logger, string leaseId, TimeSpan ttl);

    [LoggerMessage(1102, LogLevel.Information, "Rotating database credentials for role {Role} (lease {LeaseId}): {Reason}")]
    public static partial void RotatingCredentials(ILogger logger, string role, string leaseId, string reason);

    [LoggerMessage(1103, LogLevel.Information, "Retired database credentials of lease {LeaseId} after draining {Busy} busy connections")]
    public static partial void CredentialsRetired(ILogger logger, string leaseId, int busy);

    [LoggerMessage(1104, LogLevel.Warning, "Renewing lease {LeaseId} failed with {StatusCode}; fetching new credentials")]
    public static partial void LeaseRenewalFailed(ILogger logger, string leaseId, int? statusCode, Exception exception);

    [LoggerMessage(1105, LogLevel.Warning, "Revoking lease {LeaseId} failed with {StatusCode}; Vault revokes it at its TTL")]
    public static partial void LeaseRevokeFailed(ILogger logger, string leaseId, int? statusCode, Exception exception);

    [LoggerMessage(1106, LogLevel.Warning, "PostgreSQL rejected the credentials of lease {LeaseId} ({SqlState}); fetching new ones and retrying once")]
    public static partial void CredentialsRejected(ILogger logger, string leaseId, string? sqlState);

    [LoggerMessage(1200, LogLevel.Information, "Loaded {Count} configuration keys from Vault KV {Path} version {Version}")]
    public static partial void ConfigurationLoaded(ILogger logger, string path, int count, int version);

    [LoggerMessage(1201, LogLevel.Warning, "Reloading configuration from Vault KV {Path} failed; keeping version {Version}")]
    public static partial void ConfigurationReloadFailed(ILogger logger, string path, int version, Exception exception);

    [LoggerMessage(1300, LogLevel.Information, "Obtained broker credentials for role {Role}: user {Username} (lease {LeaseId}, TTL {Ttl})")]
    public static partial void BrokerCredentialsObtained(ILogger logger, string role, string username, string leaseId, TimeSpan ttl);

    [LoggerMessage(1301, LogLevel.Information, "Replacing broker user {Username} of role {Role}: {Reason}; connections reopen as the new user")]
    public static partial void BrokerCredentialsReplacing(ILogger logger, string role, string username, string reason);
}
