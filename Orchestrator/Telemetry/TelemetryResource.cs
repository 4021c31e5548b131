namespace VaultDemo.Orchestrator.Telemetry;

/// <summary>
/// The emitter of a batch of telemetry, named as the AppHost named it: exporters receive
/// <c>OTEL_SERVICE_NAME</c>, which arrives here as the <c>service.name</c> resource attribute.
/// </summary>
public sealed record TelemetryResource(string Name, string? InstanceId)
{
    public static readonly TelemetryResource Unknown = new("unknown", null);
}
