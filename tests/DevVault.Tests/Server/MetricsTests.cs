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
    public async Task ATokenIsRequired() => Assert.Equal(403, (await Vault.GetAsync("sys/metrics?format=prometheus", token: "")).Status);
}
