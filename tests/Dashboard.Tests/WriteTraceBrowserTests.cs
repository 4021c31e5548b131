using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace VaultDemo.Dashboard.Tests;

[Collection(TopologyCollection.Name)]
public sealed class WriteTraceBrowserTests(TopologyFixture topology)
{
    [Fact]
    public async Task TheWaterfallOfASecretWriteShowsWriterVaultAndReaderSpans()
    {
        var path = $"browser-test/{Guid.NewGuid():N}";
        await topology.WriteSecretAsync(path, TestTimeout.Token());
        await WriteTraces.WaitForReaderAsync(topology.Dashboard, path);

        var page = await topology.NewPageAsync();
        var login = await page.GotoAsync($"/login?t={topology.App.DashboardToken}");
        Assert.Equal(200, login!.Status);

        // As a user would: the health probes of every service fill the list, so filter by the path written.
        await page.GotoAsync("/traces");
        await page.Locator("form.filters input[name=search]").FillAsync(path);
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        var link = page.Locator("table.traces a.trace-link");
        await Expect(link).ToHaveCountAsync(1);
        await link.ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^writer: "));
        foreach (var resource in new[] { "writer", "vault", "reader" })
        {
            await Expect(page.Locator($".waterfall .span-row[data-resource={resource}]").First).ToBeVisibleAsync();
        }

        // The writer's call to Vault is shown answered by Vault.
        await Expect(page.Locator(".span-row[data-resource=writer] .pair", new() { HasText = "→ vault" }).First).ToBeVisibleAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync(topology.SecretValues.First(v => v.Label.EndsWith(path, StringComparison.Ordinal)).Value);
    }
}
