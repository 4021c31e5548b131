using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Server;

/// <summary><c>sys/metrics</c>: Prometheus text or Vault's JSON shape, token required.</summary>
public sealed class MetricsTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private VaultHttp Vault => fixture.Vault;

    [Fact]
    public async Task PrometheusTextCountsRequestsByMountTokensLeasesAndBarrierOperations()
    {
        (await Vault.PostAsync("secret/data/metrics/probe", new { data = new { v = "metric-secret-value" } })).Expect(200);
        (await Vault.GetAsync("secret/data/metrics/probe")).Expect(200);

        var reply = await Vault.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/sys/metrics?format=prometheus") { Headers = { { "X-Vault-Token", fixture.RootToken } } });
        var text = await reply.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)reply.StatusCode);
        Assert.StartsWith("text/plain", reply.Content.Headers.ContentType!.ToString());
        Assert.Contains("vault_core_handle_request_count{method=\"GET\",mount=\"secret/\"}", text);
        Assert.Contains("vault_core_handle_request_count{method=\"POST\",mount=\"secret/\"}", text);
        Assert.Contains("vault_barrier_put_count", text);
        Assert.Contains("vault_token_count ", text);
        Assert.Contains("vault_expire_num_leases ", text);
        Assert.DoesNotContain("metric-secret-value", text);
        Assert.DoesNotContain("metrics/probe", text);
    }

    [Fact]
    public async Task WithoutAFormatItAnswersVaultsJsonShape()
    {
        var json = (await Vault.GetAsync("sys/metrics")).Expect(200).Json!;

        Assert.NotNull(json["Gauges"]);
        Assert.NotNull(json["Samples"]);
        Assert.Contains(json["Gauges"]!.AsArray(), g => g!["Name"]!.GetValue<string>() == "vault.token.count");
    }

    [Fact]
    public async Task JsonSamplesCarryEveryFieldOfAGoMetricsAggregate()
    {
        (await Vault.PostAsync("secret/data/metrics/json-probe", new { data = new { v = "1" } })).Expect(200);
        (await Vault.PostAsync("secret/data/metrics/json-probe", new { data = new { v = "2" } })).Expect(200);

        var samples = (await Vault.GetAsync("sys/metrics")).Expect(200).Json!["Samples"]!.AsArray();
        var writes = samples.Single(s => s!["Name"]!.GetValue<string>() == "vault.core.handle_request"
            && s["Labels"]!["method"]!.GetValue<string>() == "POST" && s["Labels"]!["mount"]!.GetValue<string>() == "secret/")!;
        double Field(string name) => writes[name]!.GetValue<double>();

        Assert.True(Field("Count") >= 2);
        Assert.True(Field("Min") > 0);
        Assert.True(Field("Min") <= Field("Mean") && Field("Mean") <= Field("Max"));
        Assert.Equal(Field("Mean") * Field("Count"), Field("Sum"), 6);
        Assert.True(Field("Stddev") >= 0 && Field("Stddev") <= Field("Max") - Field("Min") + 1e-6);
        Assert.True(Field("Rate") > 0);
    }

    [Fact]
    public async Task ATokenIsRequired() => Assert.Equal(403, (await Vault.GetAsync("sys/metrics?format=prometheus", token: "")).Status);

    [Fact]
    public async Task AScraperThatAsksForOpenMetricsGetsPrometheusTextWithoutAFormat()
    {
        var (status, contentType, text) = await ReadMetricsAsync(fixture.Vault, "", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        Assert.Equal(200, status);
        Assert.StartsWith("text/plain", contentType);
        Assert.Contains("vault_token_count ", text);
    }

    [Fact]
    public async Task AnUnknownFormatIsAPlainTextBadRequest()
    {
        var (status, contentType, text) = await ReadMetricsAsync(fixture.Vault, "?format=xml");

        Assert.Equal(400, status);
        Assert.Equal("text/plain", contentType);
        Assert.Equal("metric response format \"xml\" unknown", text);
    }

    [Fact]
    public async Task PrometheusTurnedOffIsAPlainTextBadRequest()
    {
        await using var vault = await ServerModeVault.StartAsync("storage \"inmem\" {}\ntelemetry {\n  prometheus_retention_time = \"0s\"\n}\n" + ServerModeVault.PlainListener);
        var (keys, root) = await vault.InitializeAsync(1, 1);
        await vault.UnsealAsync(keys);

        var (status, contentType, text) = await ReadMetricsAsync(vault.As(root), "?format=prometheus");

        Assert.Equal(400, status);
        Assert.Equal("text/plain", contentType);
        Assert.Equal("prometheus is not enabled", text);
    }

    /// <summary>The body as text: Prometheus output and the metrics helper's errors are not JSON.</summary>
    private static async Task<(int Status, string ContentType, string Text)> ReadMetricsAsync(VaultHttp caller, string query, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/sys/metrics" + query) { Headers = { { "X-Vault-Token", caller.DefaultToken } } };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var reply = await caller.Http.SendAsync(request);
        return ((int)reply.StatusCode, reply.Content.Headers.ContentType?.ToString() ?? "", await reply.Content.ReadAsStringAsync());
    }
}
