using System.Collections.ObjectModel;
using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Platform.Otlp.Model;

/// <summary>Flattens OTLP protobuf export requests into <see cref="MetricPoint"/>, <see cref="SpanRecord"/> and <see cref="LogRecordData"/>.</summary>
public static class OtlpConverter
{
    internal static readonly IReadOnlyDictionary<string, object?> EmptyAttributes =
        new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>());

    /// <summary>Flattens every data point of a metrics export request. Points flagged "no recorded value" are skipped.</summary>
    /// <param name="request">The decoded request.</param>
    /// <returns>The points in request order.</returns>
    public static IReadOnlyList<MetricPoint> ToMetricPoints(ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var points = new List<MetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = ToAttributes(resourceMetrics.Resource?.Attributes);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var template = new MetricPoint
                {
                    Name = string.Empty,
                    Type = MetricPointType.Gauge,
                    Timestamp = default,
                    ResourceAttributes = resource,
                    ScopeName = scopeMetrics.Scope?.Name ?? string.Empty,
                    ScopeVersion = scopeMetrics.Scope?.Version ?? string.Empty,
                };
                foreach (var metric in scopeMetrics.Metrics)
                {
                    AddMetric(points, template with { Name = metric.Name, Unit = metric.Unit, Description = metric.Description }, metric);
                }
            }
        }

        return points;
    }

    /// <summary>Flattens every span of a traces export request.</summary>
    /// <param name="request">The decoded request.</param>
    /// <returns>The spans in request order.</returns>
    public static IReadOnlyList<SpanRecord> ToSpanRecords(ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spans = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = ToAttributes(resourceSpans.Resource?.Attributes);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name ?? string.Empty;
                foreach (var span in scopeSpans.Spans)
                {
                    spans.Add(new SpanRecord
                    {
                        TraceId = ToHex(span.TraceId),
                        SpanId = ToHex(span.SpanId),
                        ParentSpanId = ToHex(span.ParentSpanId),
                        Name = span.Name,
                        Kind = ToActivityKind(span.Kind),
                        StartTime = FromUnixNanos(span.StartTimeUnixNano),
                        EndTime = FromUnixNanos(span.EndTimeUnixNano),
                        Status = span.Status?.Code switch
                        {
                            Status.Types.StatusCode.Ok => ActivityStatusCode.Ok,
                            Status.Types.StatusCode.Error => ActivityStatusCode.Error,
                            _ => ActivityStatusCode.Unset,
                        },
                        StatusMessage = span.Status?.Message ?? string.Empty,
                        TraceState = span.TraceState,
                        Attributes = ToAttributes(span.Attributes),
                        Events = span.Events.Select(e => new SpanEventRecord(e.Name, FromUnixNanos(e.TimeUnixNano), ToAttributes(e.Attributes))).ToArray(),
                        Links = span.Links.Select(l => new SpanLinkRecord(ToHex(l.TraceId), ToHex(l.SpanId), ToAttributes(l.Attributes))).ToArray(),
                        ResourceAttributes = resource,
                        ScopeName = scope,
                    });
                }
            }
        }

        return spans;
    }

    /// <summary>Flattens every log record of a logs export request.</summary>
    /// <param name="request">The decoded request.</param>
    /// <returns>The log records in request order.</returns>
    public static IReadOnlyList<LogRecordData> ToLogRecords(ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var logs = new List<LogRecordData>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = ToAttributes(resourceLogs.Resource?.Attributes);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = scopeLogs.Scope?.Name ?? string.Empty;
                foreach (var record in scopeLogs.LogRecords)
                {
                    logs.Add(new LogRecordData
                    {
                        Timestamp = FromUnixNanos(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                        SeverityNumber = (int)record.SeverityNumber,
                        SeverityText = record.SeverityText,
                        Body = ToValue(record.Body),
                        Attributes = ToAttributes(record.Attributes),
                        TraceId = ToHex(record.TraceId),
                        SpanId = ToHex(record.SpanId),
                        EventName = record.EventName,
                        ScopeName = scope,
                        ResourceAttributes = resource,
                    });
                }
            }
        }

        return logs;
    }

    /// <summary>Converts an OTLP attribute value to string, bool, long, double, byte[], a list or a map; null when unset.</summary>
    /// <param name="value">The OTLP value.</param>
    /// <returns>The plain value.</returns>
    public static object? ToValue(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToByteArray(),
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(ToValue).ToArray(),
        AnyValue.ValueOneofCase.KvlistValue => ToAttributes(value.KvlistValue.Values),
        _ => null,
    };

    /// <summary>Converts a unix time in nanoseconds to a <see cref="DateTimeOffset"/> (100 ns precision).</summary>
    /// <param name="unixNanos">Nanoseconds since the unix epoch.</param>
    /// <returns>The UTC time.</returns>
    public static DateTimeOffset FromUnixNanos(ulong unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    private static void AddMetric(List<MetricPoint> points, MetricPoint template, Metric metric)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                AddNumberPoints(points, template with { Type = MetricPointType.Gauge }, metric.Gauge.DataPoints);
                break;
            case Metric.DataOneofCase.Sum:
                AddNumberPoints(
                    points,
                    template with
                    {
                        Type = MetricPointType.Sum,
                        IsMonotonic = metric.Sum.IsMonotonic,
                        Temporality = ToTemporality(metric.Sum.AggregationTemporality),
                    },
                    metric.Sum.DataPoints);
                break;
            case Metric.DataOneofCase.Histogram:
                var histogram = template with { Type = MetricPointType.Histogram, Temporality = ToTemporality(metric.Histogram.AggregationTemporality) };
                foreach (var p in metric.Histogram.DataPoints.Where(p => !NoRecordedValue(p.Flags)))
                {
                    points.Add(histogram with
                    {
                        Attributes = ToAttributes(p.Attributes),
                        StartTime = FromUnixNanos(p.StartTimeUnixNano),
                        Timestamp = FromUnixNanos(p.TimeUnixNano),
                        Count = p.Count,
                        Sum = p.HasSum ? p.Sum : null,
                        Min = p.HasMin ? p.Min : null,
                        Max = p.HasMax ? p.Max : null,
                        ExplicitBounds = p.ExplicitBounds.ToArray(),
                        BucketCounts = p.BucketCounts.ToArray(),
                    });
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                var exponential = template with
                {
                    Type = MetricPointType.ExponentialHistogram,
                    Temporality = ToTemporality(metric.ExponentialHistogram.AggregationTemporality),
                };
                foreach (var p in metric.ExponentialHistogram.DataPoints.Where(p => !NoRecordedValue(p.Flags)))
                {
                    points.Add(exponential with
                    {
                        Attributes = ToAttributes(p.Attributes),
                        StartTime = FromUnixNanos(p.StartTimeUnixNano),
                        Timestamp = FromUnixNanos(p.TimeUnixNano),
                        Count = p.Count,
                        Sum = p.HasSum ? p.Sum : null,
                        Min = p.HasMin ? p.Min : null,
                        Max = p.HasMax ? p.Max : null,
                    });
                }

                break;
            case Metric.DataOneofCase.Summary:
                var summary = template with { Type = MetricPointType.Summary };
                foreach (var p in metric.Summary.DataPoints.Where(p => !NoRecordedValue(p.Flags)))
                {
                    points.Add(summary with
                    {
                        Attributes = ToAttributes(p.Attributes),
                        StartTime = FromUnixNanos(p.StartTimeUnixNano),
                        Timestamp = FromUnixNanos(p.TimeUnixNano),
                        Count = p.Count,
                        Sum = p.Sum,
                    });
                }

                break;
        }
    }

    private static void AddNumberPoints(List<MetricPoint> points, MetricPoint template, RepeatedField<NumberDataPoint> dataPoints)
    {
        foreach (var p in dataPoints.Where(p => !NoRecordedValue(p.Flags)))
        {
            points.Add(template with
            {
                Attributes = ToAttributes(p.Attributes),
                StartTime = FromUnixNanos(p.StartTimeUnixNano),
                Timestamp = FromUnixNanos(p.TimeUnixNano),
                Value = p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble,
            });
        }
    }

    private static bool NoRecordedValue(uint flags) => (flags & (uint)DataPointFlags.NoRecordedValueMask) != 0;

    private static MetricTemporality ToTemporality(AggregationTemporality temporality) => temporality switch
    {
        AggregationTemporality.Delta => MetricTemporality.Delta,
        AggregationTemporality.Cumulative => MetricTemporality.Cumulative,
        _ => MetricTemporality.Unspecified,
    };

    private static ActivityKind ToActivityKind(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => ActivityKind.Server,
        Span.Types.SpanKind.Client => ActivityKind.Client,
        Span.Types.SpanKind.Producer => ActivityKind.Producer,
        Span.Types.SpanKind.Consumer => ActivityKind.Consumer,
        _ => ActivityKind.Internal,
    };

    private static IReadOnlyDictionary<string, object?> ToAttributes(RepeatedField<KeyValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return EmptyAttributes;
        }

        var result = new Dictionary<string, object?>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = ToValue(attribute.Value);
        }

        return new ReadOnlyDictionary<string, object?>(result);
    }

    private static string ToHex(ByteString id) => id.IsEmpty ? string.Empty : Convert.ToHexStringLower(id.Span);
}
