namespace Platform.Operator.Metrics;

/// <summary>One successful metric read.</summary>
internal sealed record MetricReading
{
    /// <summary>The metric's value in the unit the policy's target uses.</summary>
    public required double Value { get; init; }

    /// <summary>Requests arriving per second, when the source measures it (queue sources).</summary>
    public double? ArrivalRate { get; init; }

    /// <summary>Requests one busy replica completes per second, from worker heartbeats.</summary>
    public double? ServiceRatePerReplica { get; init; }

    /// <summary>Requests in service now (pending deliveries).</summary>
    public double? InFlight { get; init; }
}
