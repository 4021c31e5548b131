using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VaultDemo.Orchestrator.Telemetry.Logs;
using VaultDemo.Orchestrator.Telemetry.Metrics;
using VaultDemo.Orchestrator.Telemetry.Otlp;
using VaultDemo.Orchestrator.Telemetry.Traces;

namespace VaultDemo.Orchestrator.Telemetry;

/// <summary>
/// OTLP/HTTP with binary protobuf bodies (<c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>), the
/// protocol the AppHost configures for every resource: an exporter POSTs an Export*ServiceRequest to
/// /v1/traces, /v1/logs or /v1/metrics and gets an empty Export*ServiceResponse back.
/// </summary>
public static class OtlpReceiver
{
    private const string ProtobufContentType = "application/x-protobuf";

    /// <summary>Kestrel's own body limit (30 MB), applied to gzip bodies after decompression too.</summary>
    private const int MaxDecompressedBytes = 30_000_000;

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder endpoints)
    {
        var otlp = endpoints.MapGroup("/v1")
            .AddEndpointFilter<LoopbackOnlyFilter>()
            .ExcludeFromDescription();

        otlp.MapPost("/traces", (HttpContext context, TraceStore store) =>
            ReceiveAsync(context, ExportTraceServiceRequest.Parser, request => store.Add(request), new ExportTraceServiceResponse()));

        otlp.MapPost("/logs", (HttpContext context, LogStore store) =>
            ReceiveAsync(context, ExportLogsServiceRequest.Parser, store.Add, new ExportLogsServiceResponse()));

        otlp.MapPost("/metrics", (HttpContext context, MetricStore store) =>
            ReceiveAsync(context, ExportMetricsServiceRequest.Parser, request => store.Add(request), new ExportMetricsServiceResponse()));

        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync<TRequest>(
        HttpContext context, MessageParser<TRequest> parser, Action<TRequest> store, IMessage response)
        where TRequest : IMessage<TRequest>
    {
        if (!IsProtobuf(context.Request.ContentType))
        {
            return TypedResults.Problem(
                detail: $"OTLP/HTTP bodies must be '{ProtobufContentType}'; set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        TRequest request;
        try
        {
            request = await ParseAsync(context.Request, parser, context.RequestAborted);
        }
        catch (InvalidProtocolBufferException)
        {
            return TypedResults.Problem(detail: "The body is not a valid OTLP protobuf message.", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (InvalidDataException)
        {
            return TypedResults.Problem(
                detail: $"The gzip-encoded body is corrupt or larger than {MaxDecompressedBytes} bytes once decompressed.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        store(request);
        return TypedResults.Bytes(response.ToByteArray(), ProtobufContentType);
    }

    private static async Task<TRequest> ParseAsync<TRequest>(HttpRequest httpRequest, MessageParser<TRequest> parser, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
    {
        if (string.Equals(httpRequest.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            await using var gzip = new GZipStream(httpRequest.Body, CompressionMode.Decompress);
            using var decompressed = new MemoryStream();
            var chunk = new byte[81_920];
            int read;
            while ((read = await gzip.ReadAsync(chunk, cancellationToken)) > 0)
            {
                // Kestrel limits the compressed size only; a small body can inflate without bound.
                if (decompressed.Length + read > MaxDecompressedBytes)
                {
                    throw new InvalidDataException("The decompressed body exceeds the limit.");
                }

                decompressed.Write(chunk, 0, read);
            }

            return parser.ParseFrom(decompressed.GetBuffer().AsSpan(0, (int)decompressed.Length));
        }

        // Buffer the whole body, then parse it in place: the protobuf parser reads synchronously,
        // and Kestrel forbids synchronous reads of the request stream.
        var reader = httpRequest.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                var message = parser.ParseFrom(result.Buffer);
                reader.AdvanceTo(result.Buffer.End);
                return message;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static bool IsProtobuf(string? contentType) =>
        contentType is not null && contentType.StartsWith(ProtobufContentType, StringComparison.OrdinalIgnoreCase);
}
