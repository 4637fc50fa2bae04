namespace Platform.Otlp.Metrics;

/// <summary>The measurements a histogram series (or several merged) recorded during a window.</summary>
/// <param name="ExplicitBounds">Bucket upper bounds.</param>
/// <param name="BucketCounts">Measurements per bucket during the window, one more than the bounds (the last is +Inf).</param>
/// <param name="Count">Number of measurements during the window.</param>
/// <param name="Sum">Sum of the measurements during the window.</param>
public sealed record HistogramWindow(IReadOnlyList<double> ExplicitBounds, IReadOnlyList<double> BucketCounts, double Count, double Sum);
