namespace Platform.Jobs;

/// <summary>
/// A job delivered to a worker. The worker owns it until it completes or fails it, or until its lease
/// lapses (<see cref="JobQueueOptions.VisibilityTimeout"/> without <see cref="JobQueue.ExtendLeaseAsync"/>).
/// </summary>
public sealed record JobLease
{
    /// <summary>The job's id.</summary>
    public required string JobId { get; init; }

    /// <summary>The stream entry this delivery came from.</summary>
    public required string EntryId { get; init; }

    /// <summary>The priority stream the entry is in.</summary>
    public required JobPriority Priority { get; init; }

    /// <summary>This attempt's number, from 1.</summary>
    public required int Attempt { get; init; }

    /// <summary>Attempts the job gets in all.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>The job's payload.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The job's tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>The model the job asked for, if given.</summary>
    public string? Model { get; init; }

    /// <summary>The W3C traceparent of the request that created the job, if any.</summary>
    public string? TraceParent { get; init; }

    /// <summary>When the job was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When this attempt's entry entered its stream (creation, or promotion from the retry schedule).</summary>
    public required DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>When this attempt started (server time).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>True for the last attempt the job gets.</summary>
    public bool IsLastAttempt => Attempt >= MaxAttempts;
}
