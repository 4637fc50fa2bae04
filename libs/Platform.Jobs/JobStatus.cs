namespace Platform.Jobs;

/// <summary>Where a job is in its life.</summary>
public enum JobStatus
{
    /// <summary>Waiting in a stream, or in the retry schedule until <see cref="JobInfo.NextAttemptAt"/>.</summary>
    Queued,

    /// <summary>Delivered to a worker that is running it.</summary>
    Running,

    /// <summary>Finished with a result.</summary>
    Succeeded,

    /// <summary>Finished with an error that retrying cannot fix.</summary>
    Failed,

    /// <summary>Cancelled before it finished.</summary>
    Cancelled,

    /// <summary>Every attempt failed; the job is in the dead-letter stream with its error history.</summary>
    DeadLettered,
}
