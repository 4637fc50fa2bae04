namespace Platform.Jobs;

/// <summary>
/// The queue's state as the autoscaler and dashboards need it. Counters are monotonic so that rates can
/// be derived from two readings.
/// </summary>
public sealed record QueueStatistics
{
    /// <summary>Server time of the reading.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Jobs waiting in the streams, not yet delivered to any worker (the consumer group's lag).</summary>
    public required long Backlog { get; init; }

    /// <summary>Jobs delivered to a worker and not yet acknowledged.</summary>
    public required long Pending { get; init; }

    /// <summary>Jobs in the retry schedule.</summary>
    public required long Scheduled { get; init; }

    /// <summary>How long the oldest undelivered job has waited; zero when none waits.</summary>
    public required TimeSpan OldestWaitingAge { get; init; }

    /// <summary>How long the oldest unacknowledged delivery has been out; zero when none.</summary>
    public required TimeSpan OldestPendingAge { get; init; }

    /// <summary>Entries in the dead-letter stream.</summary>
    public required long DeadLetterLength { get; init; }

    /// <summary>Jobs ever added.</summary>
    public required long Added { get; init; }

    /// <summary>Jobs ever completed successfully.</summary>
    public required long Completed { get; init; }

    /// <summary>Jobs ever failed for good (non-retryable).</summary>
    public required long Failed { get; init; }

    /// <summary>Attempts ever sent to the retry schedule.</summary>
    public required long Retried { get; init; }

    /// <summary>Jobs ever dead-lettered.</summary>
    public required long DeadLettered { get; init; }

    /// <summary>Jobs ever cancelled.</summary>
    public required long Cancelled { get; init; }

    /// <summary>Backlog per priority.</summary>
    public required IReadOnlyDictionary<JobPriority, long> BacklogByPriority { get; init; }

    /// <summary>Jobs waiting or running in all: backlog, pending and scheduled.</summary>
    public long Outstanding => Backlog + Pending + Scheduled;
}
