using System.Diagnostics;
using Microsoft.Playwright;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VaultDemo.Orchestrator.Hosting;

namespace VaultDemo.Dashboard.Tests;

/// <summary>
/// A real AppHost (the orchestrator, its web host and dashboard on a free loopback port) supervising two
/// real processes, fed real OTLP by the OpenTelemetry SDK (a writer calling Vault), and one headless
/// Chromium shared by the tests.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>A secret parameter's value: it must never reach a page.</summary>
    public const string SecretValue = "s3cret-parameter-value-7d1f";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    private readonly string _stateRoot = Directory.CreateTempSubdirectory("vaultdemo-dashboard-tests-").FullName;
    private DistributedApplication? _app;
    private HeadlessChromium? _chromium;

    public Uri Address { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public string WriteTraceId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        _chromium = await HeadlessChromium.LaunchAsync(timeout.Token);
        await StartAppHostAsync(timeout.Token);
        WriteTraceId = ExportWriteTrace();
    }

    public Task<IPage> NewPageAsync() => _chromium!.NewPageAsync(Address);

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_stateRoot, recursive: true);
    }

    private async Task StartAppHostAsync(CancellationToken cancellationToken)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            StateRoot = _stateRoot,
            DashboardPort = 0,
            EchoResourceOutput = false,
            ReportProgress = false,
            DeleteStateOnDispose = true,
        });
        var secret = builder.AddParameter("ticker-secret", SecretValue, secret: true);
        // A process that keeps writing, so the console page has something to tail.
        builder.AddExecutable("ticker", "sh", _stateRoot, "-c", "echo ticker started; i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done")
            .WithEnvironment("TICKER_SECRET", secret);
        builder.AddExecutable("greeter", "sh", _stateRoot, "-c", "echo hello from greeter; exec sleep 3600");

        _app = builder.Build();
        await _app.StartAsync(cancellationToken);
        await _app.WaitForResourceHealthyAsync("ticker", cancellationToken);
        await _app.WaitForResourceHealthyAsync("greeter", cancellationToken);
        Address = new Uri(_app.DashboardUrl);
        Token = _app.DashboardToken;
    }

    /// <summary>A writer span calling Vault, and Vault's server span continuing it, each exported by its own SDK.</summary>
    private string ExportWriteTrace()
    {
        using var writerSource = new ActivitySource("VaultDemo.Writer");
        using var vaultSource = new ActivitySource("VaultDemo.DevVault");
        using var writer = TracerFor("writer", writerSource.Name);
        using var vault = TracerFor("vault", vaultSource.Name);

        using var request = writerSource.StartActivity("PUT /api/secrets/{name}", ActivityKind.Server)!;
        using (var call = writerSource.StartActivity("PUT", ActivityKind.Client)!)
        {
            call.SetTag("url.path", "/v1/secret/data/app/db");
            using var served = vaultSource.StartActivity("update secret", ActivityKind.Server, call.Context)!;
            served.SetTag("vault.mount", "secret");
            served.SetTag("vault.operation", "update");
        }

        request.Stop();
        if (!writer.ForceFlush(10_000) || !vault.ForceFlush(10_000))
        {
            throw new InvalidOperationException("The OpenTelemetry exporters did not flush to the dashboard within 10 s.");
        }

        return request.TraceId.ToHexString();
    }

    private TracerProvider TracerFor(string service, string source) => Sdk.CreateTracerProviderBuilder()
        .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
        .AddSource(source)
        .AddOtlpExporter(options =>
        {
            options.Endpoint = new Uri(Address, "/v1/traces");
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
            options.ExportProcessorType = ExportProcessorType.Simple;
        })
        .Build();
}
