namespace Platform.Scaling.Decisions;

/// <summary>The rule that changed the proposed replica count in a decision.</summary>
public enum ScaleLimit
{
    /// <summary>Nothing limited the proposal.</summary>
    None,

    /// <summary>Clamped up to minReplicas.</summary>
    MinReplicas,

    /// <summary>Clamped down to maxReplicas.</summary>
    MaxReplicas,

    /// <summary>A scale-up rate policy (HPA ScaleUpLimit).</summary>
    ScaleUpRate,

    /// <summary>A scale-down rate policy (HPA ScaleDownLimit).</summary>
    ScaleDownRate,

    /// <summary>The scale-up or scale-down stabilization window.</summary>
    Stabilization,

    /// <summary>Scaling in this direction is disabled by selectPolicy.</summary>
    ScalingDisabled,

    /// <summary>A metric is missing, so the decision does not scale down (or holds when none is available).</summary>
    MissingMetrics,

    /// <summary>Panic mode holds the replica count up.</summary>
    Panic,

    /// <summary>Fallback replicas after repeated metric failures.</summary>
    Fallback,

    /// <summary>Scaled to zero or kept at zero (idle below the activation threshold).</summary>
    ScaleToZero,

    /// <summary>Woken from zero because a metric exceeded the activation threshold.</summary>
    Activation,
}
