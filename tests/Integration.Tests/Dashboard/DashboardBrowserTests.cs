using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VaultDemo.Integration.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>The Aspire dashboard as a developer opens it: the login link the AppHost prints, then its pages.</summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class DashboardBrowserTests(SharedTopology shared, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Resources = ["postgres", "appdb", "messaging", "vault", "vault-bootstrapper", "reader", "writer"];

    private DashboardEndpoints Dashboard => shared.Topology.Dashboard!;

    [Fact]
    public async Task WithoutTheLoginLinkTheDashboardAsksForTheToken()
    {
        var page = await browser.Chromium.NewPageAsync(Dashboard.Address);

        await page.GotoAsync("/");

        await Expect(page).ToHaveURLAsync(new Regex("/login"));
        await Expect(page.Locator("body")).Not.ToContainTextAsync("vault-bootstrapper");
    }

    [Fact]
    public async Task TheLoginLinkOpensTheResourcesPageListingEveryResource()
    {
        var page = await LoggedInPageAsync();

        foreach (var resource in Resources)
        {
            await Expect(page.Locator("body")).ToContainTextAsync(resource);
        }

    }

    [Fact]
    public async Task TheConsoleLogsOfVaultShowItsBannerWithoutTheRootToken()
    {
        var page = await LoggedInPageAsync();

        await page.GotoAsync("/consolelogs/resource/vault");

        await Expect(page.Locator("body")).ToContainTextAsync("DevVault server started", new() { Timeout = 60_000 });
        await Expect(page.Locator("body")).Not.ToContainTextAsync(shared.Topology.RootToken);
    }

    [Fact]
    public async Task TheTraceOfASecretWriteShowsWriterVaultAndReaderSpansAndNoSecret()
    {
        var topology = shared.Topology;
        var path = $"browser-test/{Guid.NewGuid():N}";
        var secret = topology.Secret($"browser-{Guid.NewGuid():N}");
        using (var writer = WriterApi.For(topology))
        {
            var written = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["password"] = secret }, cancellationToken: TestTimeout.Token());
            Assert.True(written.Status == HttpStatusCode.OK, $"write: {written}");
        }

        using var telemetry = new TelemetryApi(Dashboard);
        var trace = await WriteTraces.WaitForCompleteTraceAsync(telemetry, path);
        var page = await LoggedInPageAsync();

        await page.GotoAsync($"/traces/detail/{trace[0].TraceId}");

        // The waterfall lists every span by name, each under its resource's name.
        await Expect(page.Locator("body")).ToContainTextAsync(trace.Single(s => s.ParentSpanId is null).Name);
        foreach (var resource in new[] { "writer", "vault", "reader" })
        {
            await Expect(page.Locator("body")).ToContainTextAsync(resource);
        }

        await Expect(page.Locator("body")).Not.ToContainTextAsync(secret);
    }

    private async Task<IPage> LoggedInPageAsync()
    {
        var page = await browser.Chromium.NewPageAsync(Dashboard.Address);
        await page.GotoAsync(Dashboard.LoginLink.ToString());
        await Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
        return page;
    }
}
