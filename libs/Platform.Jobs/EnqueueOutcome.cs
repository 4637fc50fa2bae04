namespace Platform.Jobs;

/// <summary>What an enqueue did.</summary>
public enum EnqueueOutcome
{
    /// <summary>A new job was queued.</summary>
    Created,

    /// <summary>The idempotency key was seen before with the same payload: <see cref="EnqueueResult.JobId"/> is that job.</summary>
    Existing,

    /// <summary>The idempotency key was seen before with another payload: nothing was queued.</summary>
    IdempotencyConflict,

    /// <summary>A job with this id already exists: nothing was queued.</summary>
    DuplicateJobId,
}
