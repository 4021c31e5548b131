namespace VaultDemo.VaultBootstrapper.Diagnostics;

/// <summary>
/// Every VaultBootstrapper log event, with stable ids (5000-5999). Names, paths, accessors and durations only: the
/// root token, secret ids, wrapping tokens and passwords never reach a logger.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Error, "No services to set up: set Bootstrap:Services:<service>=true for each service")]
    public static partial void NoServices(ILogger logger);

    [LoggerMessage(5001, LogLevel.Information, "Bootstrap complete for {Services}")]
    public static partial void Completed(ILogger logger, string services);

    [LoggerMessage(5002, LogLevel.Error, "Bootstrap failed: {Reason}")]
    public static partial void Failed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(5100, LogLevel.Information, "Enabled {What}")]
    public static partial void Enabled(ILogger logger, string what);

    [LoggerMessage(5101, LogLevel.Information, "{What} already enabled")]
    public static partial void AlreadyEnabled(ILogger logger, string what);

    [LoggerMessage(5102, LogLevel.Information, "Transit key {Key} in place")]
    public static partial void TransitKeyInPlace(ILogger logger, string key);

    [LoggerMessage(5200, LogLevel.Information, "Schema app migrated; group roles app_writer and app_reader and role {VaultAdmin} in place")]
    public static partial void SchemaMigrated(ILogger logger, string vaultAdmin);

    [LoggerMessage(5300, LogLevel.Information, "Database role {Role}: users join {GroupRole}, end their sessions when revoked")]
    public static partial void DatabaseRoleWritten(ILogger logger, string role, string groupRole);

    [LoggerMessage(5301, LogLevel.Information, "Database connection {Connection} already configured; its password is Vault's")]
    public static partial void DatabaseConnectionKept(ILogger logger, string connection);

    [LoggerMessage(5302, LogLevel.Information, "Database connection {Connection} configured as {User}; password rotated, only Vault knows it")]
    public static partial void DatabaseConnectionConfigured(ILogger logger, string connection, string user);

    [LoggerMessage(5303, LogLevel.Information, "Database connection {Connection} points where the database no longer is (another port in an earlier run); configuring it anew")]
    public static partial void DatabaseConnectionMoved(ILogger logger, string connection);

    [LoggerMessage(5400, LogLevel.Information, "Policy {Policy} unchanged")]
    public static partial void PolicyUnchanged(ILogger logger, string policy);

    [LoggerMessage(5401, LogLevel.Information, "Policy {Policy} written")]
    public static partial void PolicyWritten(ILogger logger, string policy);

    [LoggerMessage(5500, LogLevel.Information, "AppRole {Role} bound to policy {Policy}, loopback only")]
    public static partial void AppRoleBound(ILogger logger, string role, string policy);

    [LoggerMessage(5700, LogLevel.Information, "RabbitMQ engine pointed at the management API {ManagementUri} as {User}; leases TTL {Ttl}, max {MaxTtl}")]
    public static partial void BrokerEngineConfigured(ILogger logger, string managementUri, string user, TimeSpan ttl, TimeSpan maxTtl);

    [LoggerMessage(5702, LogLevel.Warning, "No broker configured (Bootstrap:BrokerManagementUri is empty): the RabbitMQ engine and broker roles are not set up")]
    public static partial void NoBroker(ILogger logger);

    [LoggerMessage(5701, LogLevel.Information, "Broker role {Role} written from Broker/{Role}.json")]
    public static partial void BrokerRoleWritten(ILogger logger, string role);
}
