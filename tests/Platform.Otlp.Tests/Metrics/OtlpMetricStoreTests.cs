using Platform.Otlp.Metrics;
using Platform.Otlp.Model;

namespace Platform.Otlp.Tests.Metrics;

public sealed class OtlpMetricStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);

    [Fact]
    public void GetRate_TwoReplicasOneRestarting_SumsPerReplicaRates()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions(), _clock);
        // Replica a: 0 → 60 over 60 s (1/s). Replica b: 100 → 120, restarts at 35 s, then 0 → 30 at 60 s: 20 + 30 over 60 s.
        store.Add([Counter("a", 0, 0), Counter("a", 30, 30), Counter("a", 60, 60)]);
        store.Add([Counter("b", 0, 100), Counter("b", 30, 120), Counter("b", 60, 30, startedAt: 35)]);
        _clock.Advance(TimeSpan.FromSeconds(60));

        var rate = store.GetRate("jobs", TimeSpan.FromSeconds(61));

        Assert.Equal(1 + (50.0 / 60), rate!.Value, 9);
        Assert.Equal(1.0, store.GetRate("jobs", TimeSpan.FromSeconds(61), Filter("service.instance.id", "a"))!.Value, 9);
    }

    [Fact]
    public void GetPercentile_CumulativeHistogramsFromTwoReplicas_MergesWindowDeltas()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions(), _clock);
        // Bounds 1, 2, 4. Before the window each replica had 50 measurements under 1 s (they must not count).
        store.Add([Histogram("a", 0, [50, 0, 0, 0]), Histogram("a", 30, [50, 10, 0, 0])]);
        store.Add([Histogram("b", 0, [50, 0, 0, 0]), Histogram("b", 30, [50, 0, 10, 0])]);
        _clock.Advance(TimeSpan.FromSeconds(30));

        // Window deltas merged: (1,2] 10 and (2,4] 10 → p50 rank 10 fills (1,2]: 2; p75 rank 15: 2 + 2 * 5/10 = 3.
        Assert.Equal(2.0, store.GetPercentile("latency", 0.5, TimeSpan.FromSeconds(20))!.Value, 9);
        Assert.Equal(3.0, store.GetPercentile("latency", 0.75, TimeSpan.FromSeconds(20))!.Value, 9);
        Assert.Equal(1.5, store.GetPercentile("latency", 0.5, TimeSpan.FromSeconds(20), Filter("service.instance.id", "a"))!.Value, 9);
        // Average of the window: sums grew by 15 and 30 over 20 measurements.
        Assert.Equal(45.0 / 20, store.GetAverage("latency", TimeSpan.FromSeconds(20))!.Value, 9);
    }

    [Fact]
    public void GetLatest_GaugesFromTwoReplicas_SumsLatestAndIgnoresStaleSeries()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions(), _clock);
        store.Add([Gauge("a", 0, 5), Gauge("a", 10, 7), Gauge("b", 10, 3), Gauge("old", -120, 100)]);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(10, store.GetLatest("backlog", TimeSpan.FromSeconds(30)));
        Assert.Equal(6, store.GetAverage("backlog", TimeSpan.FromSeconds(30), Filter("service.instance.id", "a")));
        Assert.Null(store.GetLatest("backlog", TimeSpan.FromSeconds(30), Filter("service.instance.id", "old")));
        Assert.Null(store.GetLatest("missing", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Add_PointsOlderThanMaxAge_AreEvictedAndEmptySeriesDropped()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions { MaxAge = TimeSpan.FromMinutes(1) }, _clock);
        store.Add([Gauge("a", 0, 1), Gauge("b", 50, 2)]);
        Assert.Equal(2, store.SeriesCount);

        _clock.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(1, store.SeriesCount);
        Assert.Equal(2, store.GetLatest("backlog", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Add_BeyondMaxSeries_EvictsLeastRecentlyUpdatedSeries()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions { MaxSeries = 2 }, _clock);
        store.Add(Gauge("a", 0, 1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        store.Add(Gauge("b", 1, 2));
        _clock.Advance(TimeSpan.FromSeconds(1));
        store.Add(Gauge("a", 2, 3));
        _clock.Advance(TimeSpan.FromSeconds(1));

        store.Add(Gauge("c", 3, 4));

        Assert.Equal(2, store.SeriesCount);
        Assert.Null(store.GetLatest("backlog", TimeSpan.FromMinutes(1), Filter("service.instance.id", "b")));
        Assert.Equal(7, store.GetLatest("backlog", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Add_BeyondMaxPointsPerSeries_KeepsNewest()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions { MaxPointsPerSeries = 2 }, _clock);
        store.Add([Gauge("a", 0, 1), Gauge("a", 1, 2), Gauge("a", 2, 3)]);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(2.5, store.GetAverage("backlog", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void GetMaximum_GaugesFromTwoReplicas_IsTheLargestValueInTheWindowAcrossSeries()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions(), _clock);
        // a peaks at 9 inside the window and ends at 2; b's 50 is before the window; b's 4 is inside.
        store.Add([Gauge("a", 0, 1), Gauge("a", 20, 9), Gauge("a", 40, 2), Gauge("b", -30, 50), Gauge("b", 40, 4)]);
        _clock.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(9, store.GetMaximum("backlog", TimeSpan.FromSeconds(30)));
        Assert.Equal(4, store.GetMaximum("backlog", TimeSpan.FromSeconds(30), Filter("service.instance.id", "b")));
        Assert.Equal(50, store.GetMaximum("backlog", TimeSpan.FromSeconds(90)));
        Assert.Null(store.GetMaximum("missing", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void GetMaximum_CumulativeHistogram_IsTheHighestBucketThatGrewInTheWindow()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions(), _clock);
        // Bounds 1, 2, 4. Before the window a measurement reached (4, +Inf); in the window only (1, 2] grew.
        store.Add([Histogram("a", 0, [5, 0, 0, 1]), Histogram("a", 30, [5, 3, 0, 1])]);
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(2, store.GetMaximum("latency", TimeSpan.FromSeconds(20)));
        // Over the whole history the +Inf bucket grew: the highest finite bound, as histogram_quantile(1, ...) says.
        Assert.Equal(4, store.GetMaximum("latency", TimeSpan.FromHours(2)));
    }

    [Fact]
    public void GetMaximum_DeltaHistogramsWithMax_UsesThePointsOwnMaximum()
    {
        var store = new OtlpMetricStore(new OtlpMetricStoreOptions(), _clock);
        store.Add([
            Histogram("a", 0, [0, 0, 1, 0]) with { Temporality = MetricTemporality.Delta, Max = 3.5 },
            Histogram("a", 10, [1, 1, 0, 0]) with { Temporality = MetricTemporality.Delta, Max = 1.25 },
            Histogram("b", 10, [0, 0, 0, 2]) with { Temporality = MetricTemporality.Delta, Max = 12 },
        ]);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(12, store.GetMaximum("latency", TimeSpan.FromSeconds(30)));
        Assert.Equal(3.5, store.GetMaximum("latency", TimeSpan.FromSeconds(30), Filter("service.instance.id", "a")));
        Assert.Equal(1.25, store.GetMaximum("latency", TimeSpan.FromSeconds(5), Filter("service.instance.id", "a")));
    }

    private static Dictionary<string, string> Filter(string key, string value) => new() { [key] = value };

    private static Dictionary<string, object?> Resource(string instance) =>
        new() { ["service.name"] = "worker", ["service.instance.id"] = instance };

    private static MetricPoint Counter(string instance, int seconds, double value, int startedAt = -3600) => new()
    {
        Name = "jobs",
        Type = MetricPointType.Sum,
        IsMonotonic = true,
        Temporality = MetricTemporality.Cumulative,
        ResourceAttributes = Resource(instance),
        StartTime = T0.AddSeconds(startedAt),
        Timestamp = T0.AddSeconds(seconds),
        Value = value,
    };

    private static MetricPoint Gauge(string instance, int seconds, double value) => new()
    {
        Name = "backlog",
        Type = MetricPointType.Gauge,
        ResourceAttributes = Resource(instance),
        Timestamp = T0.AddSeconds(seconds),
        Value = value,
    };

    private static MetricPoint Histogram(string instance, int seconds, ulong[] buckets) => new()
    {
        Name = "latency",
        Type = MetricPointType.Histogram,
        Temporality = MetricTemporality.Cumulative,
        ResourceAttributes = Resource(instance),
        StartTime = T0.AddHours(-1),
        Timestamp = T0.AddSeconds(seconds),
        Count = (ulong)buckets.Sum(b => (long)b),
        // Every measurement sits at its bucket's midpoint: 0.5, 1.5, 3, 8.
        Sum = (buckets[0] * 0.5) + (buckets[1] * 1.5) + (buckets[2] * 3) + (buckets[3] * 8),
        ExplicitBounds = [1, 2, 4],
        BucketCounts = buckets,
    };
}
