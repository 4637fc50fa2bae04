using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Platform.Otlp;

/// <summary>
/// Receives decoded OTLP export requests from the receiver endpoints. Implementations must be thread-safe
/// and quick: they run on the request path, and the exporter waits for the response.
/// </summary>
public interface IOtlpSink
{
    /// <summary>Called once per accepted <c>POST /v1/metrics</c> request.</summary>
    /// <param name="request">The decoded request.</param>
    void OnMetrics(ExportMetricsServiceRequest request);

    /// <summary>Called once per accepted <c>POST /v1/traces</c> request.</summary>
    /// <param name="request">The decoded request.</param>
    void OnTraces(ExportTraceServiceRequest request);

    /// <summary>Called once per accepted <c>POST /v1/logs</c> request.</summary>
    /// <param name="request">The decoded request.</param>
    void OnLogs(ExportLogsServiceRequest request);
}
