using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using VaultDemo.Orchestrator.Telemetry.Otlp;
using VaultDemo.Orchestrator.Tests.Dashboard;
using SpanKind = VaultDemo.Orchestrator.Telemetry.Otlp.Span.Types.SpanKind;

namespace VaultDemo.Orchestrator.Tests.Telemetry;

public sealed class OtlpReceiverTests : IAsyncLifetime
{
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SpansPostedFromTwoResourcesFormOneTraceReadableThroughTheApi()
    {
        var traceId = OtlpPayloads.NewTraceId();
        var (root, client, server) = (OtlpPayloads.NewSpanId(), OtlpPayloads.NewSpanId(), OtlpPayloads.NewSpanId());
        using var otlp = _host.AnonymousClient();

        var writerResponse = await otlp.PostAsync("/v1/traces", OtlpPayloads.Content(OtlpPayloads.Traces("writer",
            OtlpPayloads.Span(traceId, root, null, "PUT /api/secrets/{name}", SpanKind.Server, 0, 40, ("http.route", "/api/secrets/{name}")),
            OtlpPayloads.Span(traceId, client, root, "PUT", SpanKind.Client, 5, 20))));
        var vaultResponse = await otlp.PostAsync("/v1/traces", OtlpPayloads.Content(OtlpPayloads.Traces("vault",
            OtlpPayloads.Span(traceId, server, client, "PUT secret/data/{path}", SpanKind.Server, 7, 15, ("vault.mount", "secret")))));

        Assert.Equal(HttpStatusCode.OK, writerResponse.StatusCode);
        Assert.Equal("application/x-protobuf", writerResponse.Content.Headers.ContentType?.MediaType);
        ExportTraceServiceResponse.Parser.ParseFrom(await writerResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, vaultResponse.StatusCode);

        using var api = _host.AuthorizedClient();
        var trace = await api.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}");
        Assert.Equal(traceId, trace.GetProperty("summary").GetProperty("traceId").GetString());
        Assert.Equal(["vault", "writer"], trace.GetProperty("summary").GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("writer: PUT /api/secrets/{name}", trace.GetProperty("summary").GetProperty("rootName").GetString());
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(3, spans.Count);
        var vaultSpan = spans.Single(s => s.GetProperty("resource").GetString() == "vault");
        Assert.Equal(client, vaultSpan.GetProperty("parentSpanId").GetString());
        Assert.Equal("secret", vaultSpan.GetProperty("attributes").GetProperty("vault.mount").GetString());
        Assert.Equal(40, trace.GetProperty("summary").GetProperty("durationMilliseconds").GetDouble());
        Assert.Equal("Server", vaultSpan.GetProperty("kind").GetString());

        var list = await api.GetFromJsonAsync<JsonElement>("/api/traces?resource=vault");
        Assert.Contains(list.EnumerateArray(), t => t.GetProperty("traceId").GetString() == traceId);
    }

    [Fact]
    public async Task LogRecordsAreStoredWithTheirTemplateRenderedAndCanBeFiltered()
    {
        var traceId = OtlpPayloads.NewTraceId();
        using var otlp = _host.AnonymousClient();
        var response = await otlp.PostAsync("/v1/logs", OtlpPayloads.Content(OtlpPayloads.Logs("writer",
            OtlpPayloads.Log(SeverityNumber.Info, "Wrote {Path} version {Version}", traceId, ("Path", "app/db"), ("Version", "3")),
            OtlpPayloads.Log(SeverityNumber.Warn, "Vault answered 503, retrying"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var api = _host.AuthorizedClient();
        var all = await api.GetFromJsonAsync<JsonElement>("/api/logs?resource=writer");
        Assert.Equal(2, all.GetArrayLength());
        var info = all.EnumerateArray().First();
        Assert.Equal("Wrote app/db version 3", info.GetProperty("message").GetString());
        Assert.Equal(traceId, info.GetProperty("traceId").GetString());
        Assert.Equal("VaultDemo.Writer.Secrets", info.GetProperty("category").GetString());

        var warnings = await api.GetFromJsonAsync<JsonElement>("/api/logs?level=Warning");
        Assert.Equal("Vault answered 503, retrying", warnings.EnumerateArray().Single().GetProperty("message").GetString());
        var byTrace = await api.GetFromJsonAsync<JsonElement>($"/api/logs?traceId={traceId}");
        Assert.Equal(1, byTrace.GetArrayLength());
        var bySearch = await api.GetFromJsonAsync<JsonElement>("/api/logs?search=APP/DB");
        Assert.Equal(1, bySearch.GetArrayLength());
    }

    [Fact]
    public async Task CountersAndHistogramsAreListedPerResourceWithTheirPoints()
    {
        using var otlp = _host.AnonymousClient();
        var response = await otlp.PostAsync("/v1/metrics", OtlpPayloads.Content(OtlpPayloads.Metrics("reader",
            OtlpPayloads.Counter("reader.secrets.read", (0, 1), (10, 4)),
            OtlpPayloads.Histogram("http.client.request.duration", [0.005, 0.05, 0.5], [1, 5, 2, 0]))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var api = _host.AuthorizedClient();
        var instruments = await api.GetFromJsonAsync<JsonElement>("/api/metrics?resource=reader");
        Assert.Equal(["http.client.request.duration", "reader.secrets.read"], instruments.EnumerateArray().Select(i => i.GetProperty("name").GetString()));

        var counter = (await api.GetFromJsonAsync<JsonElement>("/api/metrics?resource=reader&instrument=reader.secrets.read")).EnumerateArray().Single();
        Assert.Equal([1.0, 4.0], counter.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));

        var histogram = (await api.GetFromJsonAsync<JsonElement>("/api/metrics?resource=reader&instrument=http.client.request.duration")).EnumerateArray().Single();
        var point = histogram.GetProperty("points").EnumerateArray().Single();
        Assert.Equal(8UL, point.GetProperty("count").GetUInt64());
        Assert.Equal([1UL, 5UL, 2UL, 0UL], point.GetProperty("bucketCounts").EnumerateArray().Select(c => c.GetUInt64()));
        Assert.Equal(0.9, point.GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task GzipEncodedBodiesAreAccepted()
    {
        var traceId = OtlpPayloads.NewTraceId();
        var payload = OtlpPayloads.Traces("writer", OtlpPayloads.Span(traceId, OtlpPayloads.NewSpanId(), null, "GET /health", SpanKind.Server, 0, 1)).ToByteArray();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(payload);
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        using var otlp = _host.AnonymousClient();
        var response = await otlp.PostAsync("/v1/traces", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var api = _host.AuthorizedClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/traces/{traceId}")).StatusCode);
    }

    [Fact]
    public async Task AGzipBodyThatInflatesBeyondTheLimitIsRefused()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 31; i++)
            {
                await gzip.WriteAsync(zeros);
            }
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        using var otlp = _host.AnonymousClient();

        var response = await otlp.PostAsync("/v1/traces", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("decompressed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidBodyIsRefusedWithProblemDetailsAndStoresNothing()
    {
        using var otlp = _host.AnonymousClient();
        var garbage = new ByteArrayContent([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
        garbage.Headers.ContentType = new("application/x-protobuf");

        var response = await otlp.PostAsync("/v1/traces", garbage);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var api = _host.AuthorizedClient();
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/traces")).GetArrayLength());
    }

    [Fact]
    public async Task JsonBodiesAreRefusedBecauseTheAppHostConfiguresHttpProtobuf()
    {
        using var otlp = _host.AnonymousClient();

        var response = await otlp.PostAsync("/v1/logs", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("http/protobuf", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
