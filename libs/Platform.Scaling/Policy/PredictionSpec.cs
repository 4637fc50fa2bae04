using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>How the arrival rate is forecast for predictive scaling.</summary>
public sealed class PredictionSpec
{
    /// <summary>HoltWinters, LinearTrend or SeasonalNaive. Default: HoltWinters.</summary>
    [DefaultValue(ForecastAlgorithm.HoltWinters)]
    [JsonPropertyName("algorithm")]
    public ForecastAlgorithm Algorithm { get; set; } = ForecastAlgorithm.HoltWinters;

    /// <summary>How far ahead to provision; at least a replica's start-up time. Between 1s and 1h. Default: 120s.</summary>
    [DurationRange("1s", "1h")]
    [DefaultValue("120s")]
    [JsonPropertyName("horizon")]
    public Duration Horizon { get; set; } = Duration.FromSeconds(120);

    /// <summary>How much history the forecaster keeps (LinearTrend fits over it). Between 1m and 30d. Default: 1h.</summary>
    [DurationRange("1m", "720h")]
    [DefaultValue("1h")]
    [JsonPropertyName("history")]
    public Duration History { get; set; } = Duration.FromSeconds(3600);

    /// <summary>Season length for HoltWinters and SeasonalNaive, e.g. <c>24h</c>; a multiple of <c>step</c>. Default: none (no season).</summary>
    [DurationRange("1m", "720h")]
    [JsonPropertyName("seasonPeriod")]
    public Duration? SeasonPeriod { get; set; }

    /// <summary>Width of the buckets the arrival rate is averaged into before forecasting. Between 1s and 1h. Default: 30s.</summary>
    [DurationRange("1s", "1h")]
    [DefaultValue("30s")]
    [JsonPropertyName("step")]
    public Duration Step { get; set; } = Duration.FromSeconds(30);

    /// <summary>Minimum relative headroom added to the forecast; the recent forecast error is added on top. Between 0 and 10. Default: 0.1.</summary>
    [Range(0.0, 10.0)]
    [DefaultValue(0.1)]
    [JsonPropertyName("margin")]
    public double Margin { get; set; } = 0.1;

    /// <summary>Holt-Winters level smoothing factor. Between 0 and 1. Default: 0.5.</summary>
    [Range(0.0, 1.0)]
    [DefaultValue(0.5)]
    [JsonPropertyName("alpha")]
    public double Alpha { get; set; } = 0.5;

    /// <summary>Holt-Winters trend smoothing factor. Between 0 and 1. Default: 0.1.</summary>
    [Range(0.0, 1.0)]
    [DefaultValue(0.1)]
    [JsonPropertyName("beta")]
    public double Beta { get; set; } = 0.1;

    /// <summary>Holt-Winters season smoothing factor. Between 0 and 1. Default: 0.3.</summary>
    [Range(0.0, 1.0)]
    [DefaultValue(0.3)]
    [JsonPropertyName("gamma")]
    public double Gamma { get; set; } = 0.3;
}
