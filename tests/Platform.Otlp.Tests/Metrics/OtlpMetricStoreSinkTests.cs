using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Platform.Otlp.Metrics;

namespace Platform.Otlp.Tests.Metrics;

/// <summary>The operator's path: SDK exporter → receiver → metric store → autoscaler queries.</summary>
public sealed class OtlpMetricStoreSinkTests
{
    [Fact]
    public async Task OnMetrics_FromSdkExporter_StoreAnswersLatestAndPercentile()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new OtlpMetricStore();
        await using var server = await OtlpReceiverServer.StartAsync(new OtlpReceiverOptions(), new OtlpMetricStoreSink(store), ct);
        var meterName = "Platform.Tests.Store." + Guid.NewGuid().ToString("N");
        using (var meter = new Meter(meterName))
        using (Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("worker", serviceInstanceId: "w-1"))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri(server.Endpoint, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
            })
            .Build())
        {
            var duration = meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 4, 8] });
            meter.CreateObservableGauge("platform.queue.backlog", () => 12);
            foreach (var seconds in new[] { 0.5, 1.5, 1.5, 3, 3, 3, 3, 6, 6, 6 })
            {
                duration.Record(seconds);
            }
        }

        // The series started inside the window, so every measurement counts: 10 in buckets [1, 2, 4, 3, 0].
        // p50: rank 5 in (2,4] after 3 → 2 + 2 * 2/4 = 3; p90: rank 9 in (4,8] after 7 → 4 + 4 * 2/3.
        Assert.Equal(12, store.GetLatest("platform.queue.backlog", TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["service.instance.id"] = "w-1" }));
        Assert.Equal(3.0, store.GetPercentile("gen_ai.client.operation.duration", 0.5, TimeSpan.FromMinutes(1))!.Value, 9);
        Assert.Equal(4 + (4 * 2.0 / 3), store.GetPercentile("gen_ai.client.operation.duration", 0.9, TimeSpan.FromMinutes(1))!.Value, 9);
        Assert.Equal(33.5 / 10, store.GetAverage("gen_ai.client.operation.duration", TimeSpan.FromMinutes(1))!.Value, 9);
        Assert.Contains(server.Sink.Metrics, p => p.Name == "platform.queue.backlog");
    }
}
