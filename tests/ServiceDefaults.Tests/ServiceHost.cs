using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using VaultDemo.ServiceDefaults.Tests.Otlp;

namespace VaultDemo.ServiceDefaults.Tests;

/// <summary>
/// A web service on a loopback port, configured as the AppHost configures WriterService and ReaderWorker: the tests
/// then call <c>AddServiceDefaults</c> and <c>MapDefaultEndpoints</c> as their Program.cs files do.
/// </summary>
internal static class ServiceHost
{
    public const string ServiceName = "defaults-under-test";

    public static WebApplicationBuilder CreateBuilder() => CreateBuilder(exportTo: null, protocol: OtlpReceiver.HttpProtobuf);

    /// <summary>Exports to <paramref name="exportTo"/> through the standard <c>OTEL_*</c> settings the AppHost sets.</summary>
    public static WebApplicationBuilder CreateBuilder(OtlpReceiver? exportTo, string protocol)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (exportTo is not null)
        {
            builder.Configuration["OTEL_SERVICE_NAME"] = ServiceName;
            builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = exportTo.EndpointFor(protocol).ToString();
            builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
        }

        return builder;
    }

    /// <summary>Stops the service and disposes it, which flushes every exporter into the receiver.</summary>
    public static async Task StopAndFlushAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        await app.StopAsync(cancellationToken);
        await app.DisposeAsync();
    }

    public static HttpClient ClientFor(WebApplication app) => UntracedClient.For(new Uri(app.Urls.Single()));
}
