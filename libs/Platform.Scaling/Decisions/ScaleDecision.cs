using Platform.Scaling.Forecasting;

namespace Platform.Scaling.Decisions;

/// <summary>The outcome of one evaluation.</summary>
public sealed record ScaleDecision
{
    /// <summary>When the decision was made.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Replicas before the decision.</summary>
    public required int CurrentReplicas { get; init; }

    /// <summary>Replicas after every rule (what to scale the target to, unless <see cref="Preview"/>).</summary>
    public required int DesiredReplicas { get; init; }

    /// <summary>The reactive proposal (max over metrics, before behavior), or null when no metric was available.</summary>
    public int? Reactive { get; init; }

    /// <summary>The predictive proposal, or null when prediction did not run.</summary>
    public int? Predictive { get; init; }

    /// <summary>The rule that changed the proposal, if any.</summary>
    public ScaleLimit Limit { get; init; }

    /// <summary>A human-readable sentence explaining the decision (for logs, status and events).</summary>
    public required string Reason { get; init; }

    /// <summary>True in preview mode: report the decision but do not apply it.</summary>
    public bool Preview { get; init; }

    /// <summary>True when every metric was available this evaluation.</summary>
    public bool MetricsAvailable { get; init; }

    /// <summary>True while panic mode holds.</summary>
    public bool Panicking { get; init; }

    /// <summary>The forecast behind <see cref="Predictive"/>, if any.</summary>
    public Forecast? Forecast { get; init; }

    /// <summary>True when the target should be scaled: not preview and the count changes.</summary>
    public bool ShouldApply => !Preview && DesiredReplicas != CurrentReplicas;

    /// <summary>The state to pass into the next decision.</summary>
    public required ScalingState NextState { get; init; }
}
