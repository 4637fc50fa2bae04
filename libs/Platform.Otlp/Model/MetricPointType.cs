namespace Platform.Otlp.Model;

/// <summary>The OTLP metric data kind a <see cref="MetricPoint"/> came from.</summary>
public enum MetricPointType
{
    /// <summary>A gauge: the value is a current reading.</summary>
    Gauge,

    /// <summary>A sum (counter or up-down counter): see <see cref="MetricPoint.IsMonotonic"/> and <see cref="MetricPoint.Temporality"/>.</summary>
    Sum,

    /// <summary>A histogram with explicit bucket bounds.</summary>
    Histogram,

    /// <summary>An exponential histogram: only count, sum, min and max are carried over.</summary>
    ExponentialHistogram,

    /// <summary>A summary: only count and sum are carried over.</summary>
    Summary,
}
