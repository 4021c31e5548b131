namespace VaultDemo.Integration.Tests.Dashboard;

/// <summary>One headless Chromium for a test class (installed first if missing); each test opens pages of its own.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public HeadlessChromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The dashboard renders over a live connection on a loaded machine: give a page more than Playwright's 5 s.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        Chromium = await HeadlessChromium.LaunchAsync(new CancellationTokenSource(TestTimeout.Startup).Token);
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }
    }
}
