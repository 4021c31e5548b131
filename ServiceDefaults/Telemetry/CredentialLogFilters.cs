using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace VaultDemo.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps the framework's log events that can carry a credential out of the exported logs, whatever level the
/// service logs at; the console still gets them when configured to. Each repeats what a span already records.
/// </summary>
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
        .AddFilter<OpenTelemetryLoggerProvider>(HttpClientCategory, LogLevel.Debug);
}
