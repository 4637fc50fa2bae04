using System.Globalization;
using Platform.Otlp.Model;

namespace Platform.Otlp.Metrics;

/// <summary>
/// Keeps a rolling window of points per series (metric name + resource attributes + point attributes),
/// bounded by <see cref="OtlpMetricStoreOptions"/>, and answers the questions an autoscaler asks: latest
/// value, rate, percentile, average and maximum over a window, optionally filtered by attributes. Thread-safe.
/// Across several matching series (e.g. one per replica) the per-series answers are summed (latest, rate,
/// average) or the histograms merged (percentile), like PromQL's <c>sum(...)</c> and
/// <c>histogram_quantile(q, sum(rate(...)))</c>. The computations are in <see cref="MetricWindowCalculator"/>.
/// </summary>
public sealed class OtlpMetricStore
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(1);

    private readonly OtlpMetricStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Creates a store with default bounds on the system clock.</summary>
    public OtlpMetricStore()
        : this(new OtlpMetricStoreOptions(), TimeProvider.System)
    {
    }

    /// <summary>Creates a store.</summary>
    /// <param name="options">Memory bounds.</param>
    /// <param name="timeProvider">The clock windows end at.</param>
    public OtlpMetricStore(OtlpMetricStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Number of series currently held.</summary>
    public int SeriesCount
    {
        get
        {
            lock (_gate)
            {
                PruneIfDue(force: true);
                return _series.Count;
            }
        }
    }

    /// <summary>Names of the metrics currently held, sorted.</summary>
    /// <returns>The distinct metric names.</returns>
    public IReadOnlyList<string> GetMetricNames()
    {
        lock (_gate)
        {
            PruneIfDue(force: false);
            return _series.Values.Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Adds one point.</summary>
    /// <param name="point">The point; exponential histograms and summaries are kept but only answer <see cref="GetRate"/> of their count.</param>
    public void Add(MetricPoint point) => Add([point]);

    /// <summary>Adds points, e.g. <see cref="OtlpConverter.ToMetricPoints"/> of one export request.</summary>
    /// <param name="points">The points.</param>
    public void Add(IEnumerable<MetricPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            PruneIfDue(force: false);
            var oldest = now - _options.MaxAge;
            foreach (var point in points)
            {
                if (point.Timestamp < oldest)
                {
                    continue;
                }

                var key = SeriesKey(point);
                if (!_series.TryGetValue(key, out var series))
                {
                    if (_series.Count >= _options.MaxSeries)
                    {
                        EvictLeastRecentlyUpdated();
                    }

                    series = new Series(point);
                    _series[key] = series;
                }

                series.Insert(point, _options.MaxPointsPerSeries);
                series.LastUpdated = now;
            }
        }
    }

    /// <summary>Sum over matching series of each one's latest value (gauges and sums) seen within <paramref name="window"/>.</summary>
    /// <param name="name">Metric name.</param>
    /// <param name="window">How recent a point must be to count (staleness bound).</param>
    /// <param name="filter">Attributes (point or resource) every matching series must have, compared as strings.</param>
    /// <returns>The summed latest values; null when no matching series has a recent value.</returns>
    public double? GetLatest(string name, TimeSpan window, IReadOnlyDictionary<string, string>? filter = null) =>
        Aggregate(name, window, filter, static (points, start) =>
            points.Count > 0 && points[^1].Timestamp > start ? points[^1].Value : null);

    /// <summary>Sum over matching series of the per-second rate of increase of a counter (or a histogram's count) during the window.</summary>
    /// <param name="name">Metric name.</param>
    /// <param name="window">Window length ending now.</param>
    /// <param name="filter">Attributes every matching series must have.</param>
    /// <returns>The rate per second; null when no series has enough points in the window.</returns>
    public double? GetRate(string name, TimeSpan window, IReadOnlyDictionary<string, string>? filter = null) =>
        Aggregate(name, window, filter, static (points, start) =>
            points.Count > 0 && points[^1].Type != MetricPointType.Gauge ? MetricWindowCalculator.Rate(points, start) : null);

    /// <summary>Mean over the window: a histogram's sum / count of the merged series, or for gauges and sums the sum over series of each one's mean value.</summary>
    /// <param name="name">Metric name.</param>
    /// <param name="window">Window length ending now.</param>
    /// <param name="filter">Attributes every matching series must have.</param>
    /// <returns>The mean; null without data in the window.</returns>
    public double? GetAverage(string name, TimeSpan window, IReadOnlyDictionary<string, string>? filter = null)
    {
        var merged = MergedHistogram(name, window, filter, out var isHistogram);
        if (isHistogram)
        {
            return merged is { Count: > 0 } h ? h.Sum / h.Count : null;
        }

        return Aggregate(name, window, filter, static (points, start) => MetricWindowCalculator.AverageValue(points, start));
    }

    /// <summary>
    /// The largest value any matching series observed during the window (<see cref="MetricWindowCalculator.Maximum"/>
    /// per series, then the largest of those, like PromQL's <c>max(max_over_time(...))</c>).
    /// </summary>
    /// <param name="name">Metric name.</param>
    /// <param name="window">Window length ending now.</param>
    /// <param name="filter">Attributes every matching series must have.</param>
    /// <returns>The maximum; null without data in the window.</returns>
    public double? GetMaximum(string name, TimeSpan window, IReadOnlyDictionary<string, string>? filter = null) =>
        Aggregate(name, window, filter, MetricWindowCalculator.Maximum, Math.Max);

    /// <summary>
    /// The <paramref name="quantile"/> (e.g. 0.95) of the measurements matching histograms recorded during the
    /// window: bucket increases merged across series (series whose bounds differ from the first are skipped),
    /// then <see cref="MetricWindowCalculator.Quantile"/>.
    /// </summary>
    /// <param name="name">Metric name.</param>
    /// <param name="quantile">Between 0 and 1.</param>
    /// <param name="window">Window length ending now.</param>
    /// <param name="filter">Attributes every matching series must have.</param>
    /// <returns>The estimated quantile; null when nothing was recorded in the window.</returns>
    public double? GetPercentile(string name, double quantile, TimeSpan window, IReadOnlyDictionary<string, string>? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var merged = MergedHistogram(name, window, filter, out _);
        return merged is null ? null : MetricWindowCalculator.Quantile(quantile, merged.ExplicitBounds, merged.BucketCounts);
    }

    private HistogramWindow? MergedHistogram(string name, TimeSpan window, IReadOnlyDictionary<string, string>? filter, out bool isHistogram)
    {
        var windows = new List<HistogramWindow>();
        isHistogram = false;
        lock (_gate)
        {
            var start = _timeProvider.GetUtcNow() - window;
            PruneIfDue(force: false);
            foreach (var series in Matching(name, filter))
            {
                if (series.Type != MetricPointType.Histogram)
                {
                    continue;
                }

                isHistogram = true;
                if (MetricWindowCalculator.HistogramIncrease(series.Points, start) is { } histogram)
                {
                    windows.Add(histogram);
                }
            }
        }

        if (windows.Count == 0)
        {
            return null;
        }

        var bounds = windows[0].ExplicitBounds;
        var counts = new double[bounds.Count + 1];
        double count = 0, sum = 0;
        foreach (var w in windows.Where(w => w.ExplicitBounds.SequenceEqual(bounds)))
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] += w.BucketCounts[i];
            }

            count += w.Count;
            sum += w.Sum;
        }

        return new HistogramWindow(bounds, counts, count, sum);
    }

    /// <summary>Each matching series' answer, combined across series by <paramref name="combine"/> (a sum by default).</summary>
    private double? Aggregate(
        string name, TimeSpan window, IReadOnlyDictionary<string, string>? filter, Func<IReadOnlyList<MetricPoint>, DateTimeOffset, double?> perSeries,
        Func<double, double, double>? combine = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        combine ??= static (sum, value) => sum + value;
        lock (_gate)
        {
            var start = _timeProvider.GetUtcNow() - window;
            PruneIfDue(force: false);
            double? total = null;
            foreach (var series in Matching(name, filter))
            {
                if (perSeries(series.Points, start) is { } value)
                {
                    total = total is { } t ? combine(t, value) : value;
                }
            }

            return total;
        }
    }

    private IEnumerable<Series> Matching(string name, IReadOnlyDictionary<string, string>? filter) =>
        _series.Values.Where(s => s.Name == name && (filter is null || filter.All(f => s.Labels.TryGetValue(f.Key, out var v) && v == f.Value)));

    private void PruneIfDue(bool force)
    {
        var now = _timeProvider.GetUtcNow();
        if (!force && now - _lastPrune < PruneInterval)
        {
            return;
        }

        _lastPrune = now;
        var oldest = now - _options.MaxAge;
        foreach (var (key, series) in _series.ToArray())
        {
            series.RemoveOlderThan(oldest);
            if (series.Points.Count == 0)
            {
                _series.Remove(key);
            }
        }
    }

    private void EvictLeastRecentlyUpdated()
    {
        var victim = _series.MinBy(s => s.Value.LastUpdated);
        _series.Remove(victim.Key);
    }

    private static string SeriesKey(MetricPoint point) =>
        string.Join('\u001f', [point.Name, Format(point.ResourceAttributes), Format(point.Attributes)]);

    private static string Format(IReadOnlyDictionary<string, object?> attributes) =>
        string.Join('\u001e', attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + FormatValue(a.Value)));

    internal static string FormatValue(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IEnumerable<object?> list => "[" + string.Join(',', list.Select(FormatValue)) + "]",
        _ => value.ToString() ?? string.Empty,
    };

    private sealed class Series
    {
        private readonly List<MetricPoint> _points = [];

        public Series(MetricPoint first)
        {
            Name = first.Name;
            Type = first.Type;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in first.ResourceAttributes)
            {
                labels[key] = FormatValue(value);
            }

            // Point attributes win over resource attributes of the same name.
            foreach (var (key, value) in first.Attributes)
            {
                labels[key] = FormatValue(value);
            }

            Labels = labels;
        }

        public string Name { get; }

        public MetricPointType Type { get; }

        public Dictionary<string, string> Labels { get; }

        public DateTimeOffset LastUpdated { get; set; }

        public List<MetricPoint> Points => _points;

        public void Insert(MetricPoint point, int maxPoints)
        {
            var index = _points.Count;
            while (index > 0 && _points[index - 1].Timestamp > point.Timestamp)
            {
                index--;
            }

            _points.Insert(index, point);
            if (_points.Count > maxPoints)
            {
                _points.RemoveRange(0, _points.Count - maxPoints);
            }
        }

        public void RemoveOlderThan(DateTimeOffset oldest)
        {
            var stale = 0;
            while (stale < _points.Count && _points[stale].Timestamp < oldest)
            {
                stale++;
            }

            _points.RemoveRange(0, stale);
        }
    }
}
