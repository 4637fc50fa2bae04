namespace Platform.Jobs;

/// <summary>A worker's periodic report, kept in Redis with a time to live so that dead workers vanish.</summary>
public sealed record WorkerHeartbeat
{
    /// <summary>The worker's id (its consumer name).</summary>
    public required string WorkerId { get; init; }

    /// <summary>Jobs running now.</summary>
    public required int InFlight { get; init; }

    /// <summary>Concurrency limit of the worker.</summary>
    public required int Capacity { get; init; }

    /// <summary>Jobs the worker completed since it started.</summary>
    public required long Completed { get; init; }

    /// <summary>Attempts that failed on the worker since it started.</summary>
    public required long Failed { get; init; }

    /// <summary>Moving average of the time a job takes on this worker.</summary>
    public required TimeSpan AverageServiceTime { get; init; }

    /// <summary>When the worker started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the report was made (set by <see cref="JobQueue.PublishHeartbeatAsync"/> from server time).</summary>
    public DateTimeOffset ReportedAt { get; init; }
}
