using Platform.Otlp.Metrics;
using Platform.Otlp.Model;

namespace Platform.Otlp.Tests.Metrics;

public sealed class MetricWindowCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // Bounds 1, 2, 4 and +Inf; counts per bucket 10, 20, 30, 40 (total 100).
    private static readonly double[] Bounds = [1, 2, 4];
    private static readonly double[] Counts = [10, 20, 30, 40];

    [Theory]
    [InlineData(0.05, 0.5)] // rank 5 in (0,1] holding 10: 0 + 1 * 5/10
    [InlineData(0.10, 1.0)] // rank 10 exactly fills the first bucket
    [InlineData(0.20, 1.5)] // rank 20 in (1,2] holding 20 after 10: 1 + 1 * 10/20
    [InlineData(0.50, 3.3333333333333335)] // rank 50 in (2,4] holding 30 after 30: 2 + 2 * 20/30
    [InlineData(0.60, 4.0)] // rank 60 fills (2,4]
    [InlineData(0.95, 4.0)] // rank in +Inf bucket: highest finite bound
    [InlineData(0.0, 0.0)] // rank 0: lower edge of the first non-empty bucket
    public void Quantile_ExplicitBuckets_InterpolatesLikeHistogramQuantile(double quantile, double expected)
    {
        Assert.Equal(expected, MetricWindowCalculator.Quantile(quantile, Bounds, Counts)!.Value, 9);
    }

    [Theory]
    [InlineData(0.5, 15.0)] // all in (10,20]: 10 + 10 * 2/4
    [InlineData(0.99, 19.9)] // 10 + 10 * 3.96/4
    public void Quantile_EmptyLeadingBuckets_SkipsThem(double quantile, double expected)
    {
        Assert.Equal(expected, MetricWindowCalculator.Quantile(quantile, [5, 10, 20], [0, 0, 4, 0])!.Value, 9);
    }

    [Fact]
    public void Quantile_NegativeFirstBound_ReturnsThatBound()
    {
        Assert.Equal(-1, MetricWindowCalculator.Quantile(0.5, [-1, 0], [3, 0, 0]));
    }

    [Fact]
    public void Quantile_NoMeasurements_ReturnsNull()
    {
        Assert.Null(MetricWindowCalculator.Quantile(0.5, Bounds, [0, 0, 0, 0]));
    }

    [Fact]
    public void Rate_CumulativeWithReset_CountsValueAfterResetAsIncrease()
    {
        // 0s: 100 (baseline), 10s: 130, 20s: 10 (process restarted), 30s: 40 → increase 30 + 10 + 30 = 70 in 30 s.
        var series = new[]
        {
            Counter(0, 100), Counter(10, 130), Counter(20, 10, restartedAt: 15), Counter(30, 40, restartedAt: 15),
        };

        var rate = MetricWindowCalculator.Rate(series, T0.AddSeconds(-1));

        Assert.Equal(70.0 / 30, rate!.Value, 9);
    }

    [Fact]
    public void Rate_CumulativeBaselineBeforeWindow_MeasuresFromBaseline()
    {
        // Window starts at 15 s: baseline is the 10 s point (130); increase to 190 over 20 s.
        var series = new[] { Counter(0, 100), Counter(10, 130), Counter(20, 160), Counter(30, 190) };

        Assert.Equal(3.0, MetricWindowCalculator.Rate(series, T0.AddSeconds(15))!.Value, 9);
    }

    [Fact]
    public void Rate_CounterStartedInsideWindow_CountsFromZeroAtStart()
    {
        // Series started at 5 s; first export at 10 s already holds 20: 20 + 10 = 30 over 15 s.
        var series = new[] { Counter(10, 20, restartedAt: 5), Counter(20, 30, restartedAt: 5) };

        Assert.Equal(2.0, MetricWindowCalculator.Rate(series, T0)!.Value, 9);
    }

    [Fact]
    public void Rate_DeltaTemporality_SumsDeltasOverCoveredTime()
    {
        // Three 10-second deltas of 5, 15 and 10 → 30 over 30 s.
        var series = new[] { Delta(0, 10, 5), Delta(10, 20, 15), Delta(20, 30, 10) };

        Assert.Equal(1.0, MetricWindowCalculator.Rate(series, T0.AddSeconds(-1))!.Value, 9);
    }

    [Fact]
    public void Rate_SinglePointWithoutBaseline_ReturnsNull()
    {
        Assert.Null(MetricWindowCalculator.Rate([Counter(10, 5)], T0));
    }

    [Fact]
    public void HistogramIncrease_CumulativeSnapshots_SubtractsBaselineBuckets()
    {
        var series = new[]
        {
            Histogram(0, [1, 1, 0, 0]), Histogram(10, [3, 2, 1, 0]), Histogram(20, [4, 6, 1, 1]),
        };

        var window = MetricWindowCalculator.HistogramIncrease(series, T0.AddSeconds(5))!;

        // Baseline is the 0 s snapshot: [4,6,1,1] - [1,1,0,0].
        Assert.Equal([3d, 5d, 1d, 1d], window.BucketCounts);
        Assert.Equal(10, window.Count);
    }

    private static MetricPoint Counter(int seconds, double value, int? restartedAt = null) => new()
    {
        Name = "c",
        Type = MetricPointType.Sum,
        IsMonotonic = true,
        Temporality = MetricTemporality.Cumulative,
        StartTime = restartedAt is { } r ? T0.AddSeconds(r) : T0.AddHours(-1),
        Timestamp = T0.AddSeconds(seconds),
        Value = value,
    };

    private static MetricPoint Delta(int from, int to, double value) => new()
    {
        Name = "c",
        Type = MetricPointType.Sum,
        IsMonotonic = true,
        Temporality = MetricTemporality.Delta,
        StartTime = T0.AddSeconds(from),
        Timestamp = T0.AddSeconds(to),
        Value = value,
    };

    private static MetricPoint Histogram(int seconds, ulong[] buckets) => new()
    {
        Name = "h",
        Type = MetricPointType.Histogram,
        Temporality = MetricTemporality.Cumulative,
        StartTime = T0.AddHours(-1),
        Timestamp = T0.AddSeconds(seconds),
        Count = (ulong)buckets.Sum(b => (long)b),
        Sum = 0,
        ExplicitBounds = [1, 2, 4],
        BucketCounts = buckets,
    };
}
