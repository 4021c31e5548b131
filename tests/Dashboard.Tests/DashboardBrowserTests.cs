using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace VaultDemo.Dashboard.Tests;

public sealed class DashboardBrowserTests(DashboardFixture dashboard) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task WithoutTheTokenEveryPageShowsTheLoginFormInstead()
    {
        var page = await dashboard.NewPageAsync();
        foreach (var path in new[] { "/", "/console?resource=ticker", "/traces", $"/traces/{dashboard.WriteTraceId}", "/structuredlogs", "/metrics" })
        {
            var response = await page.GotoAsync(path);

            Assert.Equal(401, response!.Status);
            await Expect(page.Locator("input[name=t]")).ToBeVisibleAsync();
            await Expect(page.Locator("main table")).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task AfterLoggingInWithTheTokenEveryResourceIsRunningAndHealthy()
    {
        var page = await LoggedInPageAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        foreach (var resource in new[] { "ticker", "greeter" })
        {
            var row = page.Locator($"tr[data-resource={resource}]");
            await Expect(row.Locator(".state")).ToHaveTextAsync("Running");
            await Expect(row.Locator(".health")).ToHaveTextAsync("Healthy");
        }

        var ticker = page.Locator("tr[data-resource=ticker] + tr details");
        await ticker.Locator("summary").ClickAsync();
        await Expect(ticker).ToContainTextAsync("TICKER_SECRET");
        await Expect(page.Locator("body")).Not.ToContainTextAsync(DashboardFixture.SecretValue);
    }

    [Fact]
    public async Task TheConsoleLogOfAResourceTailsNewLinesLive()
    {
        var page = await LoggedInPageAsync();

        await page.Locator("tr[data-resource=ticker]").GetByRole(AriaRole.Link, new() { Name = "Console" }).ClickAsync();
        var console = page.Locator("pre.console[data-resource=ticker]");
        await Expect(console).ToContainTextAsync("ticker started");
        var shown = await console.Locator("> span").CountAsync();

        // The process keeps writing; the page must show lines it did not have when it loaded.
        await Expect(console.Locator("> span")).Not.ToHaveCountAsync(shown, new() { Timeout = 30_000 });
        await Expect(console).ToContainTextAsync($"tick {shown}");
    }

    [Fact]
    public async Task OpeningTheTraceOfAWriteShowsTheVaultSpanInsideTheWriterCall()
    {
        var page = await LoggedInPageAsync();

        await page.GotoAsync("/traces");
        await page.Locator($"a[href='/traces/{dashboard.WriteTraceId}']").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("writer: PUT /api/secrets/{name}");
        await Expect(page.Locator(".span-row")).ToHaveCountAsync(3);
        await Expect(page.Locator(".span-row[data-resource=writer] .pair")).ToHaveTextAsync("→ vault");
        var vaultSpan = page.Locator(".span-row[data-resource=vault]");
        await vaultSpan.Locator("summary").ClickAsync();
        await Expect(vaultSpan.Locator(".span-detail")).ToContainTextAsync("vault.operation");
        await Expect(vaultSpan.Locator(".span-detail")).ToContainTextAsync("update");
    }

    private async Task<IPage> LoggedInPageAsync()
    {
        var page = await dashboard.NewPageAsync();
        var response = await page.GotoAsync($"/login?t={dashboard.Token}");
        Assert.Equal(200, response!.Status);
        return page;
    }
}
