namespace Platform.Jobs;

/// <summary>What <see cref="JobQueue.FailAsync"/> did with a failed attempt.</summary>
public enum FailOutcome
{
    /// <summary>The job went to the retry schedule and will be queued again when due.</summary>
    RetryScheduled,

    /// <summary>The job failed for good (the error was not retryable).</summary>
    Failed,

    /// <summary>The attempts were spent: the job is in the dead-letter stream.</summary>
    DeadLettered,

    /// <summary>The job had been cancelled while it ran.</summary>
    Cancelled,

    /// <summary>The lease was no longer current (another worker reclaimed the job, or it already finished); nothing changed.</summary>
    Stale,
}
