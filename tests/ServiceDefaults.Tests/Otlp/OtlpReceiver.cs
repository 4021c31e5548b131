using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VaultDemo.ServiceDefaults.Tests.Otlp;

/// <summary>
/// An OTLP receiver in this process, on loopback, as a collector or the Aspire dashboard serves one: the collector's
/// gRPC services on an HTTP/2 port, and the same messages as http/protobuf POSTs to <c>/v1/{signal}</c> on an
/// HTTP/1.1 port.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    private const string ProtobufContentType = "application/x-protobuf";

    private readonly WebApplication _app;
    private readonly ListenOptions _grpcListener;
    private readonly ListenOptions _httpListener;

    private OtlpReceiver(WebApplication app, ListenOptions grpcListener, ListenOptions httpListener, ReceivedTelemetry received)
    {
        _app = app;
        _grpcListener = grpcListener;
        _httpListener = httpListener;
        Received = received;
    }

    public ReceivedTelemetry Received { get; }

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> when <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> is <paramref name="protocol"/>.</summary>
    public Uri EndpointFor(string protocol) => protocol switch
    {
        Grpc => new Uri($"http://{_grpcListener.IPEndPoint}"),
        HttpProtobuf => new Uri($"http://{_httpListener.IPEndPoint}"),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, $"OTLP protocols are '{Grpc}' and '{HttpProtobuf}'."),
    };

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WithoutTracing();
        ListenOptions? grpcListener = null;
        ListenOptions? httpListener = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Port 0: Kestrel writes the port it bound back into the listen options.
            kestrel.Listen(IPAddress.Loopback, 0, listener => (grpcListener = listener).Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, 0, listener => (httpListener = listener).Protocols = HttpProtocols.Http1);
        });
        var received = new ReceivedTelemetry();
        builder.Services.AddSingleton(received);
        builder.Services.AddGrpc();

        var app = builder.Build();
        app.MapGrpcService<TraceReceiver>();
        app.MapGrpcService<MetricsReceiver>();
        app.MapGrpcService<LogsReceiver>();
        MapHttpProtobuf(app, "/v1/traces", ExportTraceServiceRequest.Parser, received.Add, new ExportTraceServiceResponse());
        MapHttpProtobuf(app, "/v1/metrics", ExportMetricsServiceRequest.Parser, received.Add, new ExportMetricsServiceResponse());
        MapHttpProtobuf(app, "/v1/logs", ExportLogsServiceRequest.Parser, received.Add, new ExportLogsServiceResponse());
        await app.StartAsync(cancellationToken);
        return new OtlpReceiver(app, grpcListener!, httpListener!, received);
    }

    private static void MapHttpProtobuf<TRequest>(WebApplication app, string path, MessageParser<TRequest> parser, Action<TRequest, byte[]> store, IMessage response)
        where TRequest : IMessage<TRequest>
    {
        app.MapPost(path, async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            var payload = body.ToArray();
            store(parser.ParseFrom(payload), payload);
            return Results.Bytes(response.ToByteArray(), ProtobufContentType);
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
