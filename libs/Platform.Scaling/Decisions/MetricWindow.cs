namespace Platform.Scaling.Decisions;

/// <summary>Recent samples of one metric, oldest first.</summary>
/// <param name="Samples">Samples ordered by time, oldest first.</param>
public sealed record MetricWindow(IReadOnlyList<MetricSample> Samples)
{
    /// <summary>A window with no samples (the metric is missing).</summary>
    public static MetricWindow Empty { get; } = new([]);

    /// <summary>A window with one successful sample.</summary>
    public static MetricWindow Of(DateTimeOffset timestamp, double value) => new([new MetricSample(timestamp, value)]);

    /// <summary>A window with one failed sample.</summary>
    public static MetricWindow FailedAt(DateTimeOffset timestamp) => new([MetricSample.Failed(timestamp)]);

    /// <summary>The newest sample's value, or null when the window is empty or the newest read failed.</summary>
    public double? Latest => Samples.Count == 0 ? null : Samples[^1].Value;

    /// <summary>Mean of the successful samples at or after <paramref name="since"/>, or null if none.</summary>
    public double? AverageSince(DateTimeOffset since)
    {
        double sum = 0;
        var count = 0;
        for (var i = Samples.Count - 1; i >= 0; i--)
        {
            var sample = Samples[i];
            if (sample.Timestamp < since)
            {
                break;
            }

            if (sample.Value is { } v)
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? null : sum / count;
    }
}
