namespace Platform.Scaling.Forecasting;

/// <summary>
/// The forecaster's memory: the open bucket, closed bucket means, Holt-Winters components and recent errors.
/// Immutable: every change returns a new instance (arrays are copied when a bucket closes, never shared mutably).
/// </summary>
public sealed record ForecastState
{
    /// <summary>Index of the open bucket (Unix seconds / step), or null before the first sample.</summary>
    public long? OpenBucket { get; init; }

    /// <summary>Sum of the samples in the open bucket.</summary>
    public double OpenSum { get; init; }

    /// <summary>Number of samples in the open bucket.</summary>
    public int OpenCount { get; init; }

    /// <summary>Time of the newest sample taken in; older samples in later windows are skipped.</summary>
    public DateTimeOffset? LastSampleTime { get; init; }

    /// <summary>Closed bucket means, oldest first, bounded by the history (and season) length.</summary>
    public IReadOnlyList<double> History { get; init; } = [];

    /// <summary>Total number of buckets closed so far.</summary>
    public long ClosedCount { get; init; }

    /// <summary>Holt-Winters level.</summary>
    public double Level { get; init; }

    /// <summary>Holt-Winters trend per bucket.</summary>
    public double Trend { get; init; }

    /// <summary>Holt-Winters additive season components, indexed by bucket index modulo the season length.</summary>
    public IReadOnlyList<double> Season { get; init; } = [];

    /// <summary>Forecasts of future buckets made at earlier closes, to measure the error when they close: (bucket, value).</summary>
    public IReadOnlyList<KeyValuePair<long, double>> Pending { get; init; } = [];

    /// <summary>Exponentially weighted mean absolute error of the horizon-ahead forecast.</summary>
    public double MeanAbsoluteError { get; init; }

    /// <summary>Number of errors measured so far.</summary>
    public int ErrorCount { get; init; }

    /// <summary>Peak forecast over the horizon, computed when the last bucket closed.</summary>
    public double PeakRate { get; init; }
}
