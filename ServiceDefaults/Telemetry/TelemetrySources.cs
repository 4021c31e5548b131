namespace VaultDemo.ServiceDefaults.Telemetry;

/// <summary>The ActivitySources and Meters exported: the platform's own, the libraries', and ours.</summary>
public static class TelemetrySources
{
    /// <summary>ASP.NET Core, HttpClient, Npgsql and MassTransit emit spans natively under these names.</summary>
    public static readonly string[] ActivitySources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "MassTransit", "VaultDemo.*"];

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime",
        "Npgsql", "MassTransit", "VaultDemo.*",
    ];
}
