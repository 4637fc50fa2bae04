namespace Platform.Scaling.Decisions;

/// <summary>A past scale action remembered for the rate policies (HPA's timestampedScaleEvent).</summary>
/// <param name="ReplicaChange">Replicas added (scale-up list) or removed (scale-down list), always positive.</param>
/// <param name="Timestamp">When the target was scaled.</param>
public readonly record struct ScaleEvent(int ReplicaChange, DateTimeOffset Timestamp);
