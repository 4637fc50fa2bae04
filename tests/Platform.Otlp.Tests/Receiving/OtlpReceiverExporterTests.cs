using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Otlp.Model;

namespace Platform.Otlp.Tests.Receiving;

/// <summary>The real OpenTelemetry .NET SDK exporting over http/protobuf to the receiver: its bytes must decode.</summary>
public sealed class OtlpReceiverExporterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Traces_FromSdkExporter_ArriveWithNamesKindsAttributesAndParents()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        var sourceName = "Platform.Tests.Traces." + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName);
        string traceId, parentId;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("receiver-test"))
            .AddSource(sourceName)
            .AddOtlpExporter(o => Configure(o, server, "v1/traces"))
            .Build())
        {
            using (var parent = source.StartActivity("parent-op", ActivityKind.Server)!)
            {
                parent.SetTag("job.id", "j-1");
                parent.SetTag("attempt", 2);
                using (var child = source.StartActivity("child-op", ActivityKind.Client)!)
                {
                    child.AddEvent(new ActivityEvent("retrying"));
                    child.SetStatus(ActivityStatusCode.Error, "boom");
                }

                traceId = parent.TraceId.ToHexString();
                parentId = parent.SpanId.ToHexString();
            }
        }

        var spans = await server.Sink.WaitForSpansAsync(s => s.Count >= 2, Timeout, ct);

        var parentSpan = Assert.Single(spans, s => s.Name == "parent-op");
        var childSpan = Assert.Single(spans, s => s.Name == "child-op");
        Assert.Equal(traceId, parentSpan.TraceId);
        Assert.Equal(parentId, parentSpan.SpanId);
        Assert.Equal(ActivityKind.Server, parentSpan.Kind);
        Assert.Equal("j-1", parentSpan.Attributes["job.id"]);
        Assert.Equal(2L, parentSpan.Attributes["attempt"]);
        Assert.Equal("receiver-test", parentSpan.ServiceName);
        Assert.Equal(sourceName, parentSpan.ScopeName);
        Assert.Equal(traceId, childSpan.TraceId);
        Assert.Equal(parentId, childSpan.ParentSpanId);
        Assert.Equal(ActivityKind.Client, childSpan.Kind);
        Assert.Equal(ActivityStatusCode.Error, childSpan.Status);
        Assert.Equal("boom", childSpan.StatusMessage);
        Assert.Equal("retrying", Assert.Single(childSpan.Events).Name);
        Assert.True(parentSpan.EndTime >= childSpan.EndTime);
    }

    [Fact]
    public async Task Metrics_FromSdkExporter_ArriveWithUnitsAttributesAndValues()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        var meterName = "Platform.Tests.Metrics." + Guid.NewGuid().ToString("N");
        using (var meter = new Meter(meterName, "1.2.3"))
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("receiver-test"))
            .AddMeter(meterName)
            .AddView("test.duration", new ExplicitBucketHistogramConfiguration { Boundaries = [1, 5, 10] })
            .AddOtlpExporter((o, reader) =>
            {
                Configure(o, server, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build())
        {
            var counter = meter.CreateCounter<long>("test.jobs", "{job}", "Jobs done");
            var histogram = meter.CreateHistogram<double>("test.duration", "s");
            meter.CreateObservableGauge("test.backlog", () => new Measurement<int>(42, new KeyValuePair<string, object?>("queue", "main")), "{job}");
            counter.Add(3, new KeyValuePair<string, object?>("outcome", "ok"));
            counter.Add(4, new KeyValuePair<string, object?>("outcome", "ok"));
            counter.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            histogram.Record(0.5);
            histogram.Record(3);
            histogram.Record(7);
            histogram.Record(20);

            // Disposing the provider collects and exports the final batch.
        }

        var points = await server.Sink.WaitForMetricsAsync(p => p.Any(x => x.Name == "test.backlog"), Timeout, ct);

        var ok = Assert.Single(points, p => p.Name == "test.jobs" && Equals(p.Attributes["outcome"], "ok"));
        Assert.Equal(7, ok.Value);
        Assert.Equal("{job}", ok.Unit);
        Assert.Equal("Jobs done", ok.Description);
        Assert.Equal(MetricPointType.Sum, ok.Type);
        Assert.True(ok.IsMonotonic);
        Assert.Equal(MetricTemporality.Cumulative, ok.Temporality);
        Assert.Equal(meterName, ok.ScopeName);
        Assert.Equal("1.2.3", ok.ScopeVersion);
        Assert.Equal("receiver-test", ok.ServiceName);
        Assert.Equal(1, Assert.Single(points, p => p.Name == "test.jobs" && Equals(p.Attributes["outcome"], "failed")).Value);

        var duration = Assert.Single(points, p => p.Name == "test.duration");
        Assert.Equal(MetricPointType.Histogram, duration.Type);
        Assert.Equal("s", duration.Unit);
        Assert.Equal(4UL, duration.Count);
        Assert.Equal(30.5, duration.Sum);
        Assert.Equal(0.5, duration.Min);
        Assert.Equal(20, duration.Max);
        Assert.Equal([1d, 5d, 10d], duration.ExplicitBounds);
        Assert.Equal([1UL, 1UL, 1UL, 1UL], duration.BucketCounts);

        var backlog = Assert.Single(points, p => p.Name == "test.backlog");
        Assert.Equal(MetricPointType.Gauge, backlog.Type);
        Assert.Equal(42, backlog.Value);
        Assert.Equal("main", backlog.Attributes["queue"]);
    }

    [Fact]
    public async Task Logs_FromSdkExporter_ArriveWithBodyAttributesSeverityAndTraceContext()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        var sourceName = "Platform.Tests.Logs." + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string traceId, spanId;
        using (var factory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("receiver-test"));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(e => Configure(e, server, "v1/logs"));
        })))
        {
            var logger = factory.CreateLogger("Platform.Tests.Category");
            using var activity = source.StartActivity("with-log")!;
            traceId = activity.TraceId.ToHexString();
            spanId = activity.SpanId.ToHexString();
#pragma warning disable CA1848 // A plain call keeps the test short; the template is what is under test.
            logger.LogWarning("Job {JobId} took {Attempts} attempts", "j-9", 3);
#pragma warning restore CA1848
        }

        var logs = await server.Sink.WaitForLogsAsync(l => l.Count >= 1, Timeout, ct);

        var record = Assert.Single(logs);
        Assert.Equal("Job j-9 took 3 attempts", record.Body);
        Assert.Equal(13, record.SeverityNumber);
        Assert.Equal("j-9", record.Attributes["JobId"]);
        Assert.Equal(3L, record.Attributes["Attempts"]);
        Assert.Equal(traceId, record.TraceId);
        Assert.Equal(spanId, record.SpanId);
        Assert.Equal("Platform.Tests.Category", record.ScopeName);
        Assert.Equal("receiver-test", record.ServiceName);
    }

    private static void Configure(OtlpExporterOptions options, OtlpReceiverServer server, string path)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = new Uri(server.Endpoint, path);
        options.ExportProcessorType = ExportProcessorType.Simple;
    }
}
