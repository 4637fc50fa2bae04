using System.ComponentModel.DataAnnotations;

namespace Platform.Otlp.Metrics;

/// <summary>Memory bounds of an <see cref="OtlpMetricStore"/>.</summary>
public sealed class OtlpMetricStoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OtlpMetricStore";

    /// <summary>
    /// Most series (metric name + resource + attributes) kept; beyond it the least recently updated series
    /// is dropped. Default: 10 000.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxSeries { get; set; } = 10_000;

    /// <summary>Points older than this (by their own timestamp) are dropped; should exceed the longest query window. Default: 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most points kept per series (oldest dropped first). Default: 2 000.</summary>
    [Range(2, 1_000_000)]
    public int MaxPointsPerSeries { get; set; } = 2_000;
}
