namespace Platform.Otlp.Model;

/// <summary>How a sum or histogram point relates to earlier points of its series.</summary>
public enum MetricTemporality
{
    /// <summary>Not applicable (gauges, summaries) or not stated.</summary>
    Unspecified,

    /// <summary>The point covers only the interval since the previous point.</summary>
    Delta,

    /// <summary>The point covers everything since <see cref="MetricPoint.StartTime"/>.</summary>
    Cumulative,
}
