namespace Platform.Scaling.Decisions;

/// <summary>An unstabilized recommendation remembered for the stabilization windows (HPA's timestampedRecommendation).</summary>
/// <param name="Replicas">The recommended replica count.</param>
/// <param name="Timestamp">When it was recommended.</param>
public readonly record struct TimestampedRecommendation(int Replicas, DateTimeOffset Timestamp);
