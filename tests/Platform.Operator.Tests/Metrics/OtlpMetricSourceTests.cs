using Microsoft.Extensions.Options;
using Platform.Operator.Metrics;
using Platform.Otlp.Metrics;
using Platform.Otlp.Model;
using Platform.Scaling.Policy;

namespace Platform.Operator.Tests.Metrics;

public sealed class OtlpMetricSourceTests
{
    [Theory]
    [InlineData("max", 9.0)]
    [InlineData("sum", 6.0)]
    [InlineData("avg", 9.0)]
    public async Task ReadAsync_EveryStatisticThePolicySchemaAccepts_ReducesTheStoredSeries(string statistic, double expected)
    {
        // One replica's queue depth gauge: 4, 9 and 2 within the window; a second replica at 4. avg sums the per-replica means (5 + 4).
        var store = new OtlpMetricStore();
        var now = DateTimeOffset.UtcNow;
        store.Add([Gauge("a", now.AddSeconds(-20), 4), Gauge("a", now.AddSeconds(-10), 9), Gauge("a", now.AddSeconds(-1), 2), Gauge("b", now.AddSeconds(-1), 4)]);
        var source = new OtlpMetricSource(store, Options.Create(new OperatorOptions { OtlpWindow = TimeSpan.FromMinutes(1) }));

        var reading = await source.ReadAsync(Metric(statistic), TestContext.Current.CancellationToken);

        Assert.Equal(expected, reading.Value, 9);
    }

    [Fact]
    public async Task ReadAsync_EveryStatisticInTheSchema_IsSupported()
    {
        var store = new OtlpMetricStore();
        var source = new OtlpMetricSource(store, Options.Create(new OperatorOptions()));

        foreach (var statistic in OtlpSource.Statistics)
        {
            // No data: each statistic fails for that reason, never as "not supported".
            var error = await Assert.ThrowsAsync<MetricUnavailableException>(() => source.ReadAsync(Metric(statistic), TestContext.Current.CancellationToken));
            Assert.Contains("no OTLP data", error.Message, StringComparison.Ordinal);
        }
    }

    private static MetricSpec Metric(string statistic) => new()
    {
        Type = MetricType.Otlp,
        Otlp = new OtlpSource { Name = "queue.depth", Statistic = statistic },
        TargetPerReplica = 1,
    };

    private static MetricPoint Gauge(string instance, DateTimeOffset at, double value) => new()
    {
        Name = "queue.depth",
        Type = MetricPointType.Gauge,
        ResourceAttributes = new Dictionary<string, object?> { ["service.instance.id"] = instance },
        Timestamp = at,
        Value = value,
    };
}
