using System.Net;
using System.Net.Http.Headers;

namespace VaultDemo.Orchestrator.Tests.Dashboard;

public sealed class DashboardAccessTests : IAsyncLifetime
{
    private static readonly string[] ProtectedPaths =
        ["/", "/console", "/structuredlogs", "/traces", "/traces/0af7651916cd43dd8448eb211c80319c", "/metrics", "/api/logs", "/api/traces", "/api/traces/0af7651916cd43dd8448eb211c80319c", "/api/metrics"];

    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EveryPageAndApiRefusesARequestWithoutTheToken()
    {
        using var client = _host.AnonymousClient();
        foreach (var path in ProtectedPaths)
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path} answered {(int)response.StatusCode} without a token");
            Assert.DoesNotContain("<table", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ABrowserWithoutTheTokenGetsTheLoginFormAndAScriptGetsProblemDetails()
    {
        using var client = _host.AnonymousClient();
        var page = new HttpRequestMessage(HttpMethod.Get, "/traces");
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");

        var browser = await client.SendAsync(page);
        var script = await client.GetAsync("/api/traces");

        Assert.Equal("text/html", browser.Content.Headers.ContentType?.MediaType);
        Assert.Contains("name=\"t\"", await browser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AWrongTokenIsRefusedAsBearerAndAtLogin()
    {
        using var client = _host.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/logs")).StatusCode);
        var login = await client.GetAsync("/login?t=not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TheBearerTokenOpensEveryPageAndApi()
    {
        using var client = _host.AuthorizedClient();
        foreach (var path in ProtectedPaths.Where(p => !p.Contains("/traces/", StringComparison.Ordinal)))
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} with the token");
        }
    }

    [Fact]
    public async Task TheLoginLinkSetsACookieThatOpensThePages()
    {
        using var client = _host.AnonymousClient();

        var login = await client.GetAsync($"/login?t={DashboardHost.Token}");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var page = new HttpRequestMessage(HttpMethod.Get, "/structuredlogs");
        page.Headers.Add("Cookie", cookie.Split(';')[0]);
        var response = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Structured logs</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLoginPageStylesheetAndOtlpNeedNoToken()
    {
        using var client = _host.AnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);
        var css = await client.GetAsync("/_dashboard/dashboard.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_dashboard/dashboard.js")).StatusCode);
        var otlp = new ByteArrayContent([]);
        otlp.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/traces", otlp)).StatusCode);
    }
}
