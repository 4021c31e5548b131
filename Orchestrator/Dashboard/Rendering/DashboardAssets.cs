using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VaultDemo.Orchestrator.Dashboard.Rendering;

/// <summary>
/// The stylesheet and script, embedded in this assembly: the dashboard works offline and loads
/// nothing from elsewhere. They hold no data, so they are served without the token (the login page uses them).
/// </summary>
internal static class DashboardAssets
{
    private static readonly Dictionary<string, (byte[] Content, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["dashboard.css"] = (Load("dashboard.css"), "text/css; charset=utf-8"),
        ["dashboard.js"] = (Load("dashboard.js"), "text/javascript; charset=utf-8"),
    };

    public static IEndpointRouteBuilder MapDashboardAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/_dashboard/{name}", (string name) =>
            Assets.TryGetValue(name, out var asset) ? Results.Bytes(asset.Content, asset.ContentType) : Results.NotFound())
            .ExcludeFromDescription();
        return endpoints;
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream($"VaultDemo.Dashboard.{name}")
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is not embedded; check Orchestrator.csproj's EmbeddedResource item.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
