using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>Forecasting algorithm for predictive scaling.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ForecastAlgorithm>))]
public enum ForecastAlgorithm
{
    /// <summary>Additive Holt-Winters (level, trend and, with a season period, seasonality).</summary>
    HoltWinters,

    /// <summary>Least-squares line over the recent history, extrapolated.</summary>
    LinearTrend,

    /// <summary>The value one season period ago (falls back to the last value without a season).</summary>
    SeasonalNaive,
}
