using Platform.Operator.History;

namespace Platform.Operator.Dashboard;

/// <summary>What <c>GET /api/dashboard</c> returns: everything the page draws, newest data last.</summary>
internal sealed record DashboardSnapshot
{
    /// <summary>When the snapshot was taken.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary><c>local</c> or <c>cluster</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>How far back the charts reach, in seconds.</summary>
    public required double HistorySeconds { get; init; }

    /// <summary>The window rates and percentiles are computed over, in seconds.</summary>
    public required double WindowSeconds { get; init; }

    /// <summary>Whether a Redis connection is configured (queue, workers and arrival rates need it).</summary>
    public required bool RedisConfigured { get; init; }

    /// <summary>The last Redis error, if the last read failed.</summary>
    public string? RedisError { get; init; }

    /// <summary>The platform queue's latest statistics, if Redis is configured and answered.</summary>
    public QueueSummary? Queue { get; init; }

    /// <summary>Live workers from their heartbeats, by id.</summary>
    public required IReadOnlyList<WorkerSummary> Workers { get; init; }

    /// <summary>Platform-wide samples, oldest first.</summary>
    public required IReadOnlyList<PlatformSample> Platform { get; init; }

    /// <summary>Every policy, ordered by namespace and name.</summary>
    public required IReadOnlyList<PolicyDashboard> Policies { get; init; }
}

/// <summary>One platform-wide sample; null values were unknown (no data in the window).</summary>
internal sealed record PlatformSample(
    DateTimeOffset Time,
    double? LatencyP50,
    double? LatencyP95,
    double? LatencyP99,
    double? CompletedPerSecond,
    double? FailedPerSecond,
    double? TokensPerMinute,
    double? CostPerMinute,
    double? ArrivalPerSecond,
    long? Backlog,
    int? Workers);

/// <summary>The platform queue's counters and gauges.</summary>
internal sealed record QueueSummary(string Stream, long Backlog, long Pending, long Scheduled, long Added, long Completed, long Failed, long DeadLettered, double OldestWaitingSeconds);

/// <summary>One live worker.</summary>
internal sealed record WorkerSummary(string Id, int InFlight, int Capacity, long Completed, long Failed, double AverageServiceSeconds, DateTimeOffset StartedAt, DateTimeOffset ReportedAt);

/// <summary>One policy for the page: its view (spec, status, recent decisions and events) and its chart samples.</summary>
internal sealed record PolicyDashboard(
    string Namespace,
    string Name,
    PolicySummary? Spec,
    int? CurrentReplicas,
    int? DesiredReplicas,
    IReadOnlyList<string> Problems,
    string? MetricName,
    IReadOnlyList<DecisionRecord> Decisions,
    IReadOnlyList<EventRecord> Events,
    IReadOnlyList<PolicySample> Samples);

/// <summary>One policy sample: its first metric, arrival rate, forecast and replicas at a time.</summary>
internal sealed record PolicySample(DateTimeOffset Time, double? Metric, double? ArrivalRate, double? Forecast, double? ForecastUpper, int? CurrentReplicas, int? DesiredReplicas);
