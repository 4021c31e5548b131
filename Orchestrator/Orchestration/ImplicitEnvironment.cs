using System.Globalization;
using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>
/// The variables Aspire gives a resource without being asked: the environment name and URLs for
/// projects, ports for endpoints, and the OpenTelemetry exporter settings pointing at the AppHost.
/// </summary>
internal static class ImplicitEnvironment
{
    // Development batch delays (milliseconds): telemetry shows up on the dashboard within a second.
    private const string ExportDelayMilliseconds = "1000";

    public static IEnumerable<(string Name, string Value)> For(IResource resource, string runId, string otlpEndpoint)
    {
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        if (resource is ProjectResource)
        {
            yield return ("DOTNET_ENVIRONMENT", "Development");
            yield return ("ASPNETCORE_ENVIRONMENT", "Development");
            var urls = endpoints.Where(e => e.Scheme is "http" or "https" && e.TargetEnvironmentVariable is null).Select(e => e.Url).ToList();
            if (urls.Count > 0)
            {
                yield return ("ASPNETCORE_URLS", string.Join(';', urls));
            }
        }

        foreach (var endpoint in endpoints.Where(e => e.TargetEnvironmentVariable is not null))
        {
            yield return (endpoint.TargetEnvironmentVariable!, endpoint.AllocatedPort!.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (resource is ProjectResource || resource.Annotations.OfType<OtlpExporterAnnotation>().Any())
        {
            yield return ("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
            yield return ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            yield return ("OTEL_SERVICE_NAME", resource.Name);
            yield return ("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={resource.Name}-{runId},deployment.environment.name=development");
            yield return ("OTEL_BSP_SCHEDULE_DELAY", ExportDelayMilliseconds);
            yield return ("OTEL_BLRP_SCHEDULE_DELAY", ExportDelayMilliseconds);
            yield return ("OTEL_METRIC_EXPORT_INTERVAL", ExportDelayMilliseconds);
        }
    }
}
