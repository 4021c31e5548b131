using System.Net;
using VaultDemo.Orchestrator.Dashboard.Resources;
using VaultDemo.Orchestrator.Telemetry.Otlp;
using VaultDemo.Orchestrator.Tests.Telemetry;
using SpanKind = VaultDemo.Orchestrator.Telemetry.Otlp.Span.Types.SpanKind;

namespace VaultDemo.Orchestrator.Tests.Dashboard;

public sealed class DashboardPagesTests : IAsyncLifetime
{
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheResourcesPageShowsStateHealthEndpointsAndMasksSecretValues()
    {
        _host.Resources.Set(new DashboardResource(
            "writer", "Project", "Running", "Healthy", [new HealthReport("vault", "Healthy", "token valid")],
            DateTimeOffset.UtcNow, ["http://127.0.0.1:5123"],
            [
                new EnvironmentVariable("services__vault__http__0", "http://127.0.0.1:8200", IsSecret: false),
                new EnvironmentVariable("VAULT_ROOT_TOKEN", "hvs.root-should-never-show", IsSecret: false),
                new EnvironmentVariable("Parameters__api-key", "flagged-secret-value", IsSecret: true),
                new EnvironmentVariable("ConnectionStrings__appdb", "Host=127.0.0.1;Username=app;Password=pg-password-value", IsSecret: false),
            ],
            ExitCode: null));
        _host.Resources.Set(new DashboardResource("vault-bootstrapper", "Project", "Finished", null, [], null, [], [], ExitCode: 0));
        _host.Resources.Set(new DashboardResource("postgres", "PostgresServer", "Running", "Healthy", [], null, ["tcp://127.0.0.1:5433"], [], ExitCode: null));

        var html = await GetPageAsync("/");

        Assert.Contains("Running", html, StringComparison.Ordinal);
        Assert.Contains("Healthy", html, StringComparison.Ordinal);
        Assert.Contains("token valid", html, StringComparison.Ordinal);
        Assert.Contains("href=\"http://127.0.0.1:5123\"", html, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8200", html, StringComparison.Ordinal);
        Assert.Contains("Host=127.0.0.1;Username=app;Password=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.root-should-never-show", html, StringComparison.Ordinal);
        Assert.DoesNotContain("flagged-secret-value", html, StringComparison.Ordinal);
        Assert.DoesNotContain("pg-password-value", html, StringComparison.Ordinal);
        Assert.Contains("Finished", html, StringComparison.Ordinal);
        Assert.Contains("tcp://127.0.0.1:5433", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"tcp://", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/traces?resource=writer\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConsolePageShowsAResourcesOutputEncoded()
    {
        _host.Resources.Set(new DashboardResource("writer", "Project", "Running", null, [], null, [], [], null));
        _host.Resources.Write("writer", "Now listening on: http://127.0.0.1:5123");
        _host.Resources.Write("writer", "<script>alert(1)</script>", isError: true);

        var html = await GetPageAsync("/console?resource=writer");

        Assert.Contains("Now listening on: http://127.0.0.1:5123", html, StringComparison.Ordinal);
        Assert.Contains("class=\"stderr\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALivePageLoadsOnlyItsOwnAssetsAndAnswersItsFragmentRequestWithTheMainContentOnly()
    {
        using var client = _host.AuthorizedClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/traces");
        request.Headers.Add("X-Dashboard-Fragment", "1");

        var fragment = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        var page = await GetPageAsync("/traces");

        Assert.StartsWith("<h1>Traces</h1>", fragment, StringComparison.Ordinal);
        Assert.Contains("data-refresh=", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/_dashboard/dashboard.js\"", page, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/_dashboard/dashboard.css\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        var headers = (await client.GetAsync("/traces")).Headers;
        Assert.StartsWith("default-src 'self'", headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task TheTraceWaterfallPairsAClientSpanWithTheServerSpanOfAnotherResource()
    {
        var traceId = OtlpPayloads.NewTraceId();
        var (root, client, server) = (OtlpPayloads.NewSpanId(), OtlpPayloads.NewSpanId(), OtlpPayloads.NewSpanId());
        await PostAsync("/v1/traces", OtlpPayloads.Traces("writer",
            OtlpPayloads.Span(traceId, root, null, "PUT /api/secrets/{name}", SpanKind.Server, 0, 40),
            OtlpPayloads.Span(traceId, client, root, "PUT", SpanKind.Client, 5, 20)));
        var vaultSpans = OtlpPayloads.Traces("vault", OtlpPayloads.Span(traceId, server, client, "kv write", SpanKind.Server, 7, 15, ("vault.operation", "update")));
        vaultSpans.ResourceSpans[0].ScopeSpans[0].Spans[0].Status = new Status { Code = Status.Types.StatusCode.Error, Message = "permission denied" };
        vaultSpans.ResourceSpans[0].ScopeSpans[0].Spans[0].Events.Add(new Span.Types.Event { Name = "policy-checked" });
        await PostAsync("/v1/traces", vaultSpans);

        var list = await GetPageAsync("/traces");
        var waterfall = await GetPageAsync($"/traces/{traceId}");

        Assert.Contains($"href=\"/traces/{traceId}\"", list, StringComparison.Ordinal);
        Assert.Contains("vault, writer", list, StringComparison.Ordinal);
        Assert.Contains("<span class=\"pair\">→ vault</span>", waterfall, StringComparison.Ordinal);
        Assert.Contains("vault.operation", waterfall, StringComparison.Ordinal);
        Assert.Contains("policy-checked", waterfall, StringComparison.Ordinal);
        Assert.Contains("Error: permission denied", waterfall, StringComparison.Ordinal);
        var order = new[] { root, client, server }.Select(id => waterfall.IndexOf($"span:{id}", StringComparison.Ordinal)).ToList();
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public async Task TheStructuredLogsPageFiltersAndLinksToTheTrace()
    {
        var traceId = OtlpPayloads.NewTraceId();
        await PostAsync("/v1/logs", OtlpPayloads.Logs("reader",
            OtlpPayloads.Log(SeverityNumber.Error, "Could not read {Path}", traceId, ("Path", "app/api")),
            OtlpPayloads.Log(SeverityNumber.Debug, "Polling")));

        var errors = await GetPageAsync("/structuredlogs?level=Error");

        Assert.Contains("Could not read app/api", errors, StringComparison.Ordinal);
        Assert.Contains($"href=\"/traces/{traceId}\"", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Polling", errors, StringComparison.Ordinal);
        Assert.Contains("Polling", await GetPageAsync("/structuredlogs?search=poll"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMetricsPageListsInstrumentsAndDrawsAnSvgChartPerInstrument()
    {
        await PostAsync("/v1/metrics", OtlpPayloads.Metrics("writer",
            OtlpPayloads.Counter("writer.secrets.written", (0, 1), (5, 3)),
            OtlpPayloads.Histogram("http.server.request.duration", [0.01, 0.1, 1], [4, 2, 1, 0])));

        var counter = await GetPageAsync("/metrics?resource=writer&instrument=writer.secrets.written");
        var histogram = await GetPageAsync("/metrics?resource=writer&instrument=http.server.request.duration");

        Assert.Contains("http.server.request.duration", counter, StringComparison.Ordinal);
        Assert.Contains("<polyline", counter, StringComparison.Ordinal);
        Assert.Contains("<circle", counter, StringComparison.Ordinal);
        Assert.Equal(3, histogram.Split("<rect class=\"bar\"").Length - 1);
        Assert.Contains("≤0.01", histogram, StringComparison.Ordinal);
        Assert.Contains("<span class=\"percentile\">P99 ", histogram, StringComparison.Ordinal);
    }

    private async Task<string> GetPageAsync(string path)
    {
        using var client = _host.AuthorizedClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task PostAsync(string path, Google.Protobuf.IMessage message)
    {
        using var client = _host.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(path, OtlpPayloads.Content(message))).StatusCode);
    }
}
