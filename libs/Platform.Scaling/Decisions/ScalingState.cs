using Platform.Scaling.Forecasting;

namespace Platform.Scaling.Decisions;

/// <summary>
/// What a decision remembers between evaluations: HPA's recommendation and scale-event history, failure counts,
/// panic and activity times, and the forecaster's state. Start with <see cref="Empty"/>, then pass each
/// <see cref="ScaleDecision.NextState"/> into the next decision. Keep it per policy, in memory.
/// </summary>
public sealed record ScalingState
{
    /// <summary>The state before the first decision.</summary>
    public static ScalingState Empty { get; } = new();

    /// <summary>Unstabilized recommendations inside the longest stabilization window.</summary>
    public IReadOnlyList<TimestampedRecommendation> Recommendations { get; init; } = [];

    /// <summary>Scale-up events inside the longest scale-up policy period.</summary>
    public IReadOnlyList<ScaleEvent> ScaleUpEvents { get; init; } = [];

    /// <summary>Scale-down events inside the longest scale-down policy period.</summary>
    public IReadOnlyList<ScaleEvent> ScaleDownEvents { get; init; } = [];

    /// <summary>Consecutive failed evaluations per metric (index of spec.metrics).</summary>
    public IReadOnlyList<int> ConsecutiveFailures { get; init; } = [];

    /// <summary>Panic mode lasts until this time.</summary>
    public DateTimeOffset? PanicUntil { get; init; }

    /// <summary>Last time any metric was above the activation threshold (scale to zero).</summary>
    public DateTimeOffset? LastActive { get; init; }

    /// <summary>When the decision last changed the replica count.</summary>
    public DateTimeOffset? LastScaleTime { get; init; }

    /// <summary>The forecaster's state, when prediction is configured.</summary>
    public ForecastState? Forecast { get; init; }
}
