using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace VaultDemo.ServiceDefaults.Tests;

/// <summary>
/// Keeps a helper server's requests (the OTLP receiver's, a scripted downstream's) out of the telemetry of the service
/// under test. Every ASP.NET Core host names its request activities' source and diagnostic listener
/// "Microsoft.AspNetCore", and OpenTelemetry subscribes to those names process-wide; renamed, nobody listens.
/// </summary>
internal static class UntracedServer
{
    private const string UnsubscribedName = "Untraced.TestServer";

    public static WebApplicationBuilder WithoutTracing(this WebApplicationBuilder builder)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton(new ActivitySource(UnsubscribedName)));
        builder.Services.Replace(ServiceDescriptor.Singleton(new DiagnosticListener(UnsubscribedName)));
        return builder;
    }
}
