using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Platform.Otlp.Model;

namespace Platform.Otlp.Metrics;

/// <summary>An <see cref="IOtlpSink"/> that feeds received metrics into an <see cref="OtlpMetricStore"/> and ignores traces and logs.</summary>
/// <param name="store">The store to fill.</param>
public sealed class OtlpMetricStoreSink(OtlpMetricStore store) : IOtlpSink
{
    /// <inheritdoc />
    public void OnMetrics(ExportMetricsServiceRequest request) => store.Add(OtlpConverter.ToMetricPoints(request));

    /// <inheritdoc />
    public void OnTraces(ExportTraceServiceRequest request)
    {
    }

    /// <inheritdoc />
    public void OnLogs(ExportLogsServiceRequest request)
    {
    }
}
