using Google.Protobuf;
using Grpc.Core;

namespace VaultDemo.ServiceDefaults.Tests.Otlp;

// The OTLP collector's three gRPC services, each storing what it is sent in the receiver's ReceivedTelemetry.
// The stored payload is the message written back out: Google.Protobuf keeps the fields these tests' .proto files
// leave out, so it holds everything the exporter sent.

internal sealed class TraceReceiver(ReceivedTelemetry received) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        received.Add(request, request.ToByteArray());
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

internal sealed class MetricsReceiver(ReceivedTelemetry received) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        received.Add(request, request.ToByteArray());
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}

internal sealed class LogsReceiver(ReceivedTelemetry received) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        received.Add(request, request.ToByteArray());
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}
