using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using VaultDemo.TestSupport;
using VaultDemo.VaultClient;
using VaultDemo.VaultClient.Auth;

namespace VaultDemo.Bench.Services;

/// <summary>
/// The AppHost's whole topology with its Aspire dashboard, started through Aspire's testing builder with a root
/// token the benchmark chose, so the baseline can write to the same Vault directly. Disposing stops everything.
/// </summary>
internal sealed class BenchTopology : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(15);

    private readonly DistributedApplication _app;
    private readonly HttpClient _telemetry;

    private BenchTopology(DistributedApplication app, string rootToken, Uri vaultAddress, DashboardEndpoints dashboard)
    {
        _app = app;
        RootToken = rootToken;
        VaultAddress = vaultAddress;
        Dashboard = dashboard;
        Writer = app.CreateHttpClient("writer");
        _telemetry = dashboard.CreateApiClient();
    }

    public HttpClient Writer { get; }

    public string RootToken { get; }

    public Uri VaultAddress { get; }

    /// <summary>The Aspire dashboard every resource exports to.</summary>
    public DashboardEndpoints Dashboard { get; }

    public static async Task<BenchTopology> StartAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        var rootToken = "bench" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var settings = new Dictionary<string, string>(DashboardEndpoints.FreePortSettings()) { ["Parameters:vault-root-token"] = rootToken };
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. settings.Select(s => $"--{s.Key}={s.Value}")],
            (options, _) => options.DisableDashboard = false,
            timeout.Token);
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            var clock = Stopwatch.StartNew();
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("reader", timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("writer", timeout.Token);
            report.Info($"topology healthy in {clock.Elapsed.TotalSeconds:0.0}s");
            var vault = await app.GetConnectionStringAsync("vault", timeout.Token) ?? throw new InvalidOperationException("Vault has no address.");
            return new BenchTopology(app, rootToken, new Uri(vault), DashboardEndpoints.Of(app));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task<string> ConnectionStringAsync(string resource, CancellationToken cancellationToken) =>
        await _app.GetConnectionStringAsync(resource, cancellationToken) ?? throw new InvalidOperationException($"'{resource}' has no connection string.");

    /// <summary>How many spans the dashboard holds, from its telemetry API.</summary>
    public async Task<long> StoredSpanCountAsync(CancellationToken cancellationToken)
    {
        using var answer = await _telemetry.GetFromJsonAsync<JsonDocument>("/api/telemetry/spans?limit=1", cancellationToken)
            ?? throw new InvalidOperationException("The telemetry API answered null.");
        return answer.RootElement.GetProperty("totalCount").GetInt64();
    }

    /// <summary>A VaultClient holding the root token: the baseline, with nothing of the writer's work around the KV write.</summary>
    public VaultDemo.VaultClient.VaultClient CreateRootVaultClient() => new(new HttpClient(), new VaultClientOptions
    {
        Address = VaultAddress,
        AuthMethod = TokenAuthMethod.FromValue(RootToken),
    });

    /// <summary><c>PUT /api/secrets/{path}</c>; anything but success stops the benchmark with the writer's answer.</summary>
    public async Task PutSecretAsync(string path, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
    {
        using var response = await Writer.PutAsJsonAsync($"/api/secrets/{path}", new { data }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /api/secrets/{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>A secret of the same shape and size on both sides of a comparison.</summary>
    public static Dictionary<string, string> SampleSecret() => new()
    {
        ["username"] = "app",
        ["password"] = RandomNumberGenerator.GetHexString(32, lowercase: true),
        ["url"] = "postgresql://127.0.0.1:5432/app",
    };

    public async ValueTask DisposeAsync()
    {
        Writer.Dispose();
        _telemetry.Dispose();
        await _app.DisposeAsync();
    }
}
