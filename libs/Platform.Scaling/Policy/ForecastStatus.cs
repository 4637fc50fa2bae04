using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>The last arrival-rate forecast as shown in status.</summary>
public sealed class ForecastStatus
{
    /// <summary>The algorithm used.</summary>
    [JsonPropertyName("algorithm")]
    public ForecastAlgorithm Algorithm { get; set; }

    /// <summary>The forecast horizon.</summary>
    [JsonPropertyName("horizon")]
    public Duration Horizon { get; set; }

    /// <summary>Highest forecast arrival rate over the horizon, requests per second.</summary>
    [JsonPropertyName("arrivalRate")]
    public double ArrivalRate { get; set; }

    /// <summary>The forecast plus margin that sized the predictive proposal.</summary>
    [JsonPropertyName("upperBound")]
    public double UpperBound { get; set; }

    /// <summary>Recent mean absolute error of the horizon forecast, requests per second.</summary>
    [JsonPropertyName("meanAbsoluteError")]
    public double MeanAbsoluteError { get; set; }
}
