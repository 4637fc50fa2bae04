using Platform.Scaling.Policy;

namespace Platform.Scaling.Decisions;

/// <summary>Everything one decision needs, gathered by the operator (or the simulator) at <see cref="Now"/>.</summary>
public sealed record ScalingSnapshot
{
    /// <summary>The policy spec in force.</summary>
    public required V1Alpha1ScalePolicy.PolicySpec Policy { get; init; }

    /// <summary>The evaluation time (the decision reads no clock).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Replicas the target currently asks for (its scale subresource's spec.replicas).</summary>
    public required int CurrentReplicas { get; init; }

    /// <summary>Replicas that are ready and serving. Default: <see cref="CurrentReplicas"/>.</summary>
    public int? ReadyReplicas { get; init; }

    /// <summary>
    /// One window per entry of <c>spec.metrics</c>, in the same order. QueueBacklog: stream lag plus pending
    /// entries; ArrivalRate: requests per second; Otlp/Prometheus: the reduced value.
    /// </summary>
    public required IReadOnlyList<MetricWindow> Metrics { get; init; }

    /// <summary>
    /// Arrival rate in requests per second (e.g. entries added to the stream per second), used for prediction and
    /// queue-aware capacity. Queue-aware capacity uses the mean of the whole window, so the window length is the
    /// rate's averaging period (e.g. 30 s of samples); the forecaster takes in each sample once. Default: the first
    /// ArrivalRate metric's window.
    /// </summary>
    public MetricWindow? ArrivalRate { get; init; }

    /// <summary>
    /// Measured requests per second one replica completes when busy (its concurrency divided by the mean service
    /// time). Needed for queue-aware capacity and for sizing from a forecast. Default: unknown.
    /// </summary>
    public double? ServiceRatePerReplica { get; init; }

    /// <summary>
    /// Requests in service now (Redis: pending entries of the consumer group). Queue-aware capacity counts only the
    /// backlog beyond these as waiting. Default: unknown (the whole backlog counts as waiting).
    /// </summary>
    public double? InFlight { get; init; }
}
