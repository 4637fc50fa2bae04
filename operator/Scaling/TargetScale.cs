namespace Platform.Operator.Scaling;

/// <summary>A target's replica counts.</summary>
/// <param name="Replicas">Desired replicas (the scale subresource's spec.replicas).</param>
/// <param name="ReadyReplicas">Ready replicas, or null when unknown.</param>
internal sealed record TargetScale(int Replicas, int? ReadyReplicas);
