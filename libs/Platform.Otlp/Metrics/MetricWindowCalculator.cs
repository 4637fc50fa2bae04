using Platform.Otlp.Model;

namespace Platform.Otlp.Metrics;

/// <summary>
/// Pure computations over the points of one metric series (sorted by timestamp) and a window
/// <c>(windowStart, now]</c>. The last point at or before <c>windowStart</c>, when there is one, is the
/// baseline cumulative values are measured against. No clock, no storage: <see cref="OtlpMetricStore"/>
/// supplies the points and <c>now</c>.
/// </summary>
public static class MetricWindowCalculator
{
    /// <summary>
    /// Per-second rate of increase of a sum (its value) or histogram (its count) during the window.
    /// Cumulative series: counter resets (a smaller value or a later start time) count the new value as the
    /// increase since the restart, like Prometheus' <c>rate</c> without extrapolation. Delta series: the
    /// deltas are added up over the time they cover.
    /// </summary>
    /// <param name="series">Points of one series, oldest first.</param>
    /// <param name="windowStart">Exclusive start of the window.</param>
    /// <returns>The rate per second; null with fewer than two observations to measure against.</returns>
    public static double? Rate(IReadOnlyList<MetricPoint> series, DateTimeOffset windowStart)
    {
        ArgumentNullException.ThrowIfNull(series);
        var increase = Increase(series, windowStart, p => [p.Type == MetricPointType.Histogram ? p.Count : p.Value ?? 0]);
        return increase is { } i ? i.Values[0] / i.Seconds : null;
    }

    /// <summary>What a histogram series recorded during the window (bucket deltas between cumulative snapshots, or the sum of delta points).</summary>
    /// <param name="series">Points of one histogram series, oldest first.</param>
    /// <param name="windowStart">Exclusive start of the window.</param>
    /// <returns>The window's histogram; null when the window holds no usable observation.</returns>
    public static HistogramWindow? HistogramIncrease(IReadOnlyList<MetricPoint> series, DateTimeOffset windowStart)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0 || series[^1].Type != MetricPointType.Histogram || series[^1].Timestamp <= windowStart)
        {
            return null;
        }

        var bounds = series[^1].ExplicitBounds;
        var sameBounds = series.Where(p => p.ExplicitBounds.SequenceEqual(bounds) && p.BucketCounts.Count == bounds.Count + 1).ToArray();
        var increase = Increase(sameBounds, windowStart, p => [p.Count, p.Sum ?? 0, .. p.BucketCounts.Select(c => (double)c)]);
        return increase is { } i ? new HistogramWindow(bounds, i.Values[2..], i.Values[0], i.Values[1]) : null;
    }

    /// <summary>
    /// The <paramref name="quantile"/> of a bucketed distribution, as Prometheus' <c>histogram_quantile</c>:
    /// linear interpolation within the bucket holding the rank; the first bucket's lower bound is 0 when its
    /// upper bound is positive; a rank in the +Inf bucket yields the highest finite bound.
    /// </summary>
    /// <param name="quantile">Between 0 and 1, e.g. 0.95.</param>
    /// <param name="explicitBounds">Bucket upper bounds, ascending.</param>
    /// <param name="bucketCounts">Counts per bucket, one more than the bounds.</param>
    /// <returns>The estimated quantile; null when the distribution is empty or malformed.</returns>
    public static double? Quantile(double quantile, IReadOnlyList<double> explicitBounds, IReadOnlyList<double> bucketCounts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        ArgumentNullException.ThrowIfNull(explicitBounds);
        ArgumentNullException.ThrowIfNull(bucketCounts);
        if (bucketCounts.Count != explicitBounds.Count + 1)
        {
            return null;
        }

        var total = bucketCounts.Sum();
        if (total <= 0)
        {
            return null;
        }

        var rank = quantile * total;
        var cumulative = 0d;
        for (var i = 0; i < bucketCounts.Count; i++)
        {
            var before = cumulative;
            cumulative += bucketCounts[i];
            if (bucketCounts[i] <= 0 || cumulative < rank)
            {
                continue;
            }

            if (i == explicitBounds.Count)
            {
                return explicitBounds.Count > 0 ? explicitBounds[^1] : null;
            }

            var upper = explicitBounds[i];
            if (i == 0 && upper <= 0)
            {
                return upper;
            }

            var lower = i == 0 ? 0 : explicitBounds[i - 1];
            return lower + ((upper - lower) * (rank - before) / bucketCounts[i]);
        }

        return explicitBounds.Count > 0 ? explicitBounds[^1] : null;
    }

    /// <summary>Mean of a gauge's or sum's values observed during the window (like PromQL <c>avg_over_time</c>).</summary>
    /// <param name="series">Points of one series, oldest first.</param>
    /// <param name="windowStart">Exclusive start of the window.</param>
    /// <returns>The mean; null when no point falls in the window.</returns>
    public static double? AverageValue(IReadOnlyList<MetricPoint> series, DateTimeOffset windowStart)
    {
        ArgumentNullException.ThrowIfNull(series);
        var values = series.Where(p => p.Timestamp > windowStart && p.Value is not null).Select(p => p.Value!.Value).ToArray();
        return values.Length > 0 ? values.Average() : null;
    }

    /// <summary>
    /// The largest value observed during the window. Gauges and sums: the largest point value. Histograms: delta
    /// points' own <c>max</c> when they carry one; otherwise the upper bound of the highest bucket that grew during
    /// the window, capped by the latest cumulative <c>max</c> when there is one (the window's largest measurement
    /// cannot exceed either); a measurement only in the +Inf bucket gives that <c>max</c>, or without one the highest
    /// finite bound, as <see cref="Quantile"/> does.
    /// </summary>
    /// <param name="series">Points of one series, oldest first.</param>
    /// <param name="windowStart">Exclusive start of the window.</param>
    /// <returns>The largest value; null when the window holds no observation.</returns>
    public static double? Maximum(IReadOnlyList<MetricPoint> series, DateTimeOffset windowStart)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0 || series[^1].Timestamp <= windowStart)
        {
            return null;
        }

        var latest = series[^1];
        if (latest.Type != MetricPointType.Histogram)
        {
            var values = series.Where(p => p.Timestamp > windowStart && p.Value is { } v && double.IsFinite(v)).Select(p => p.Value!.Value).ToArray();
            return values.Length > 0 ? values.Max() : null;
        }

        if (latest.Temporality == MetricTemporality.Delta)
        {
            var maxima = series.Where(p => p.Timestamp > windowStart && p.Count > 0 && p.Max is { } m && double.IsFinite(m)).Select(p => p.Max!.Value).ToArray();
            if (maxima.Length > 0)
            {
                return maxima.Max();
            }
        }

        if (HistogramIncrease(series, windowStart) is not { } window || window.BucketCounts.Count != window.ExplicitBounds.Count + 1)
        {
            return null;
        }

        var highest = -1;
        for (var i = window.BucketCounts.Count - 1; i >= 0; i--)
        {
            if (window.BucketCounts[i] > 0)
            {
                highest = i;
                break;
            }
        }

        if (highest < 0)
        {
            return null;
        }

        var cap = latest.Temporality == MetricTemporality.Cumulative && latest.Max is { } max && double.IsFinite(max) ? max : (double?)null;
        if (highest == window.ExplicitBounds.Count)
        {
            return cap ?? (window.ExplicitBounds.Count > 0 ? window.ExplicitBounds[^1] : null);
        }

        var bound = window.ExplicitBounds[highest];
        return cap is { } c ? Math.Min(bound, c) : bound;
    }

    /// <summary>
    /// Vector increase over the window: element 0 decides resets for cumulative series (it never decreases
    /// unless the series restarted).
    /// </summary>
    private static WindowIncrease? Increase(IReadOnlyList<MetricPoint> series, DateTimeOffset windowStart, Func<MetricPoint, double[]> extract)
    {
        MetricPoint? baseline = null;
        var inWindow = new List<MetricPoint>();
        foreach (var point in series)
        {
            if (point.Timestamp <= windowStart)
            {
                baseline = point;
            }
            else
            {
                inWindow.Add(point);
            }
        }

        if (inWindow.Count == 0)
        {
            return null;
        }

        return inWindow[^1].Temporality == MetricTemporality.Delta
            ? DeltaIncrease(baseline, inWindow, extract)
            : CumulativeIncrease(baseline, inWindow, windowStart, extract);
    }

    private static WindowIncrease? CumulativeIncrease(MetricPoint? baseline, List<MetricPoint> inWindow, DateTimeOffset windowStart, Func<MetricPoint, double[]> extract)
    {
        double[]? total = null;
        DateTimeOffset? from = null;
        var previous = baseline;
        var previousValues = baseline is null ? null : extract(baseline);
        foreach (var point in inWindow)
        {
            var values = extract(point);
            total ??= new double[values.Length];
            if (previous is null || previousValues is null)
            {
                // No earlier observation: only a series that started inside the window is known to have
                // counted from zero; otherwise the first point is merely the baseline.
                if (HasStart(point) && point.StartTime > windowStart)
                {
                    AddInto(total, values, null);
                    from = point.StartTime;
                }
                else
                {
                    from = point.Timestamp;
                }
            }
            else
            {
                from ??= previous.Timestamp;
                var restarted = values.Length != previousValues.Length
                    || values[0] < previousValues[0]
                    || (HasStart(point) && HasStart(previous) && point.StartTime > previous.StartTime);
                AddInto(total, values, restarted ? null : previousValues);
            }

            previous = point;
            previousValues = values;
        }

        var seconds = (previous!.Timestamp - from!.Value).TotalSeconds;
        return seconds > 0 && total is not null ? new WindowIncrease(total, seconds) : null;
    }

    private static WindowIncrease? DeltaIncrease(MetricPoint? baseline, List<MetricPoint> inWindow, Func<MetricPoint, double[]> extract)
    {
        var first = inWindow[0];
        DateTimeOffset from;
        var counted = inWindow;
        if (HasStart(first) && first.StartTime < first.Timestamp)
        {
            from = first.StartTime;
        }
        else if (baseline is not null)
        {
            from = baseline.Timestamp;
        }
        else
        {
            // The first delta covers an unknown interval: use it only as the start of the measurement.
            from = first.Timestamp;
            counted = inWindow.Skip(1).ToList();
        }

        double[]? total = null;
        foreach (var point in counted)
        {
            var values = extract(point);
            total ??= new double[values.Length];
            if (values.Length == total.Length)
            {
                AddInto(total, values, null);
            }
        }

        var seconds = (inWindow[^1].Timestamp - from).TotalSeconds;
        return seconds > 0 && total is not null ? new WindowIncrease(total, seconds) : null;
    }

    private static bool HasStart(MetricPoint point) => point.StartTime > DateTimeOffset.UnixEpoch;

    private static void AddInto(double[] total, double[] values, double[]? minus)
    {
        for (var i = 0; i < total.Length && i < values.Length; i++)
        {
            total[i] += values[i] - (minus?[i] ?? 0);
        }
    }

    private readonly record struct WindowIncrease(double[] Values, double Seconds);
}
