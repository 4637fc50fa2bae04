namespace Platform.Scaling.Decisions;

/// <summary>One observation of a metric; a null <see cref="Value"/> means the read failed or the metric was missing.</summary>
/// <param name="Timestamp">When the value was observed.</param>
/// <param name="Value">The value, or null for a failed/missing read.</param>
public readonly record struct MetricSample(DateTimeOffset Timestamp, double? Value)
{
    /// <summary>A failed read at <paramref name="timestamp"/>.</summary>
    public static MetricSample Failed(DateTimeOffset timestamp) => new(timestamp, null);
}
