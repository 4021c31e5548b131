using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace VaultDemo.ServiceDefaults.Telemetry;

/// <summary>
/// Exports the framework's log events that can carry a credential only from Warning up, whatever level the service
/// logs them at; below that they still reach the console when configured to. The services' appsettings already log
/// both categories at Warning: this keeps a credential off the dashboard when someone turns them up to debug.
/// </summary>
/// <remarks>
/// A provider's rule takes precedence over the configured levels for that provider, so the floor is the level the
/// services configure rather than just above the offending events: anything lower would export more than configured.
/// </remarks>
public static class CredentialLogFilters
{
    /// <summary>
    /// ASP.NET Core's "Request starting/finished" lines (Information) hold the raw URL, query string included, where
    /// the server span redacts query values.
    /// </summary>
    public const string RequestLinesCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// HttpClientFactory's header lines (Trace) redact values in their message but carry them raw as attributes, so an
    /// exported one would hold the <c>X-Vault-Token</c> of every Vault call.
    /// </summary>
    public const string HttpClientCategory = "System.Net.Http.HttpClient";

    public static ILoggingBuilder KeepCredentialBearingLogsOutOfExport(this ILoggingBuilder logging) => logging
        .AddFilter<OpenTelemetryLoggerProvider>(RequestLinesCategory, LogLevel.Warning)
        .AddFilter<OpenTelemetryLoggerProvider>(HttpClientCategory, LogLevel.Warning);
}
