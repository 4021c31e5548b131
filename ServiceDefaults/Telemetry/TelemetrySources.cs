using MassTransit.Logging;
using MassTransit.Monitoring;

namespace VaultDemo.ServiceDefaults.Telemetry;

/// <summary>
/// The ActivitySources and Meters exported besides those the instrumentation packages add: MassTransit's own, and
/// the project's (named <c>VaultDemo.&lt;Component&gt;</c>, such as VaultClient's <c>VaultDemo.Vault</c>).
/// </summary>
public static class TelemetrySources
{
    public const string ProjectComponents = "VaultDemo.*";

    public static readonly string[] ActivitySources = [DiagnosticHeaders.DefaultListenerName, ProjectComponents];

    public static readonly string[] Meters = [InstrumentationOptions.MeterName, ProjectComponents];
}
