namespace Platform.ServiceDefaults.Telemetry;

/// <summary>The three OTLP signals; the value names the <c>OTEL_EXPORTER_OTLP_{SIGNAL}_*</c> variables and the HTTP path.</summary>
internal enum OtlpSignal
{
    Traces,
    Metrics,
    Logs,
}
