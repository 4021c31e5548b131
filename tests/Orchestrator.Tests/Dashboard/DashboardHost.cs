using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VaultDemo.Orchestrator.Dashboard;
using VaultDemo.Orchestrator.Dashboard.Access;
using VaultDemo.Orchestrator.Dashboard.Resources;

namespace VaultDemo.Orchestrator.Tests.Dashboard;

/// <summary>
/// The dashboard on a real Kestrel listener on a free loopback port, wired the way the AppHost's
/// host wires it (AddDashboard + MapDashboard), with a known token.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string Token = "test-dashboard-token-5b1e";

    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, Uri address, InMemoryResourceSource resources)
    {
        _app = app;
        Address = address;
        Resources = resources;
    }

    public Uri Address { get; }

    public InMemoryResourceSource Resources { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<DashboardHost> StartAsync(Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var resources = new InMemoryResourceSource();
        builder.Services.AddSingleton<IDashboardTokenValidator>(new FixedTokenValidator(Token));
        builder.Services.AddSingleton<IDashboardResourceSource>(resources);
        builder.Services.AddDashboard();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapDashboard();
        await app.StartAsync(TestTimeout.Token());
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new DashboardHost(app, new Uri(address), resources);
    }

    /// <summary>A client without the token (and without following redirects, so refusals are visible).</summary>
    public HttpClient AnonymousClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Address, Timeout = TestTimeout.Default };

    public HttpClient AuthorizedClient()
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TestTimeout.Token());
        await _app.DisposeAsync();
    }
}
