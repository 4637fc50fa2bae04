using Platform.Scaling.Policy;

namespace Platform.Scaling.Forecasting;

/// <summary>An arrival-rate forecast over the policy's horizon.</summary>
public sealed record Forecast
{
    /// <summary>The algorithm that produced it.</summary>
    public required ForecastAlgorithm Algorithm { get; init; }

    /// <summary>The horizon it covers.</summary>
    public required TimeSpan Horizon { get; init; }

    /// <summary>The highest forecast arrival rate over the horizon (requests per second).</summary>
    public required double PeakRate { get; init; }

    /// <summary>
    /// <see cref="PeakRate"/> × (1 + margin) + the recent mean absolute error: the rate the predictive proposal
    /// provisions for.
    /// </summary>
    public required double UpperBound { get; init; }

    /// <summary>Recent mean absolute error of the horizon-ahead forecast (requests per second; 0 until measured).</summary>
    public required double MeanAbsoluteError { get; init; }

    /// <summary>Closed history buckets the forecast is based on.</summary>
    public required int Observations { get; init; }
}
