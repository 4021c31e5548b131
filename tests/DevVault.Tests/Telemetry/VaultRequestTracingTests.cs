using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using DevVault.Telemetry;
using DevVault.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DevVault.Tests.Telemetry;

public sealed class VaultRequestTracingTests
{
    private const string Token = "hvs.CAESIJtracing-test-token";
    private const string SecretValue = "correct-horse-battery-staple";

    [Fact]
    public async Task AVaultRequestIsAServerSpanContinuingTheCallersTraceparent()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        await using var vault = await StartAsync(app => app.UseVaultRequestTracing());
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using var response = await SendWriteAsync(vault.Address, $"00-{callerTrace}-{callerSpan}-01");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var span = Assert.Single(stopped, s => s.TraceId == callerTrace);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(callerTrace, span.TraceId);
        Assert.Equal(callerSpan, span.ParentSpanId);
        Assert.Equal("update secret", span.DisplayName);
        Assert.Equal("secret/data/app/db", span.GetTagItem("vault.path"));
        Assert.Equal("secret", span.GetTagItem("vault.mount"));
        Assert.Equal("update", span.GetTagItem("vault.operation"));
        Assert.Equal(204, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task TheSpanCarriesNeitherTheTokenNorTheSecretValue()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        await using var vault = await StartAsync(app => app.UseVaultRequestTracing());

        var path = $"app/{Guid.NewGuid():N}";
        using var response = await SendWriteAsync(vault.Address, traceparent: null, path);

        var span = Assert.Single(stopped, s => Equals(s.GetTagItem("vault.path"), $"secret/data/{path}"));
        var recorded = string.Join("\n", span.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(span.DisplayName).Append(span.StatusDescription ?? ""));
        Assert.DoesNotContain(Token, recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, recorded, StringComparison.Ordinal);
        Assert.Equal(default, span.ParentSpanId);
    }

    [Theory]
    [InlineData("GET", "/v1/secret/data/app/db", "read", "secret")]
    [InlineData("LIST", "/v1/secret/metadata/app", "list", "secret")]
    [InlineData("GET", "/v1/secret/metadata/app?list=true", "list", "secret")]
    [InlineData("POST", "/v1/auth/approle/login", "update", "auth/approle")]
    [InlineData("DELETE", "/v1/sys/leases/revoke", "delete", "sys")]
    public async Task TheOperationAndMountAreNamedAsVaultNamesThem(string method, string path, string operation, string mount)
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        await using var vault = await StartAsync(app => app.UseVaultRequestTracing());
        using var client = new HttpClient { BaseAddress = vault.Address };
        var trace = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);

        var span = Assert.Single(stopped, s => s.TraceId == trace);
        Assert.Equal(operation, span.GetTagItem("vault.operation"));
        Assert.Equal(mount, span.GetTagItem("vault.mount"));
    }

    [Fact]
    public async Task TheDevVaultServerTracesItsRequestsWithoutTheToken()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        var (server, http, vault) = await DevVaultFixture.StartAsync();
        await using var _ = server;
        using var __ = http;
        var trace = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Get, "v1/auth/token/lookup-self");
        request.Headers.Add("X-Vault-Token", server.RootToken);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var span = Assert.Single(stopped, s => s.TraceId == trace);
        Assert.Equal("read auth/token", span.DisplayName);
        Assert.Equal("auth/token/lookup-self", span.GetTagItem("vault.path"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(server.RootToken, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task WithAnOtlpEndpointConfiguredTheSpansAreExportedAsProtobufWithoutTokenOrSecret()
    {
        var exports = new ConcurrentQueue<(string? ContentType, string Body)>();
        await using var collector = await StartAsync(app => app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Enqueue((request.ContentType, Encoding.Latin1.GetString(body.ToArray())));
            return Results.Ok();
        }));
        var settings = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "vault",
        };

        await using (var vault = await StartAsync(app => app.UseVaultRequestTracing(), services =>
            services.AddDevVaultTracing(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())))
        {
            using var response = await SendWriteAsync(vault.Address, traceparent: null);
        }

        // Stopping DevVault flushed its exporter, so the export has arrived by now. Spans of other tests'
        // servers may ride along (the source is process-wide); none may carry the token or the value.
        Assert.NotEmpty(exports);
        Assert.All(exports, export => Assert.Equal("application/x-protobuf", export.ContentType));
        var exported = string.Concat(exports.Select(e => e.Body));
        Assert.Contains("secret/data/app/db", exported, StringComparison.Ordinal);
        Assert.Contains("VaultDemo.DevVault", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, exported, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, exported, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendWriteAsync(Uri vault, string? traceparent, string path = "app/db")
    {
        using var client = new HttpClient { BaseAddress = vault };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/secret/data/{path}")
        {
            Content = new StringContent($$$"""{"data":{"password":"{{{SecretValue}}}"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Vault-Token", Token);
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }

        return await client.SendAsync(request);
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DevVaultTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task<TestServer> StartAsync(Action<WebApplication> configure, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        configure(app);
        app.MapFallback(context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestServer(app, new Uri(address));
    }

    private sealed class TestServer(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
