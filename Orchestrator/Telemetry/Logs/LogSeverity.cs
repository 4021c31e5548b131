using System.Text.Json.Serialization;

namespace VaultDemo.Orchestrator.Telemetry.Logs;

/// <summary>
/// OTLP's severity ranges (1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal)
/// collapsed to the levels a .NET developer filters by.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LogSeverity>))]
public enum LogSeverity
{
    Unspecified = 0,
    Trace = 1,
    Debug = 2,
    Information = 3,
    Warning = 4,
    Error = 5,
    Critical = 6,
}

internal static class LogSeverities
{
    public static LogSeverity FromSeverityNumber(int severityNumber) => severityNumber switch
    {
        <= 0 => LogSeverity.Unspecified,
        > 24 => LogSeverity.Critical,
        _ => (LogSeverity)((severityNumber - 1) / 4 + 1),
    };
}
