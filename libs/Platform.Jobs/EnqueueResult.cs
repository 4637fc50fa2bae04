namespace Platform.Jobs;

/// <summary>The result of <see cref="JobQueue.EnqueueAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="JobId">The job created, or the one an idempotency key already names.</param>
public sealed record EnqueueResult(EnqueueOutcome Outcome, string JobId)
{
    /// <summary>True when the caller has a job to follow (created now or earlier with the same key and payload).</summary>
    public bool Accepted => Outcome is EnqueueOutcome.Created or EnqueueOutcome.Existing;

    /// <summary>
    /// When the job was created, in Redis server time (the <c>created_at</c> that <see cref="JobQueue.GetAsync"/>
    /// reads later), for <see cref="EnqueueOutcome.Created"/>; null for the other outcomes.
    /// </summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
