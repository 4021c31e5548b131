using Aspire.Hosting;

namespace VaultDemo.TestSupport;

/// <summary>
/// Where the Aspire dashboard of a test topology listens and the keys that open it: the browser token (the login
/// link's <c>t=</c>), the telemetry API key (header <c>x-api-key</c>) and the OTLP key (<c>x-otlp-api-key</c>). The
/// AppHost generates them per run; tests read them from the environment it gave the dashboard, as an operator
/// reads the login link from the console.
/// </summary>
public sealed record DashboardEndpoints(Uri Address, Uri OtlpHttpAddress, string BrowserToken, string ApiKey, string OtlpApiKey)
{
    private const string DashboardResource = "aspire-dashboard";

    /// <summary>
    /// Command-line settings that put the dashboard and its OTLP receivers on free loopback ports, so a test
    /// topology never meets a developer's running AppHost on the launch profile's ports.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FreePortSettings() => new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
        ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
    };

    /// <summary>The running dashboard of <paramref name="app"/>, as the AppHost configured its process.</summary>
    public static DashboardEndpoints Of(DistributedApplication app)
    {
        if (!app.ResourceNotifications.TryGetCurrentState(DashboardResource, out var dashboard))
        {
            throw new InvalidOperationException($"The application has no {DashboardResource} resource: was it started with the dashboard?");
        }

        string? Find(string name) => dashboard.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == name)?.Value;
        string Variable(params string[] names) =>
            names.Select(Find).FirstOrDefault(value => !string.IsNullOrEmpty(value))
            ?? throw new InvalidOperationException($"{DashboardResource} was started without {string.Join(" or ", names)}.");

        return new DashboardEndpoints(
            new Uri(Variable("ASPNETCORE_URLS").Split(';')[0]),
            new Uri(Variable("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL")),
            Variable("DASHBOARD__FRONTEND__BROWSERTOKEN"),
            Variable("DASHBOARD__API__PRIMARYAPIKEY"),
            Variable("DASHBOARD__OTLP__PRIMARYAPIKEY"));
    }

    /// <summary>The login link the AppHost prints: opening it signs the browser in.</summary>
    public Uri LoginLink => new(Address, $"/login?t={BrowserToken}");

    /// <summary>A client for the telemetry API (<c>/api/telemetry/...</c>).</summary>
    public HttpClient CreateApiClient()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        return client;
    }
}
