namespace Platform.Jobs;

/// <summary>A job's status, attempts, timings and outcome, as <see cref="JobQueue.GetAsync"/> reads them.</summary>
public sealed record JobInfo
{
    /// <summary>The job's id.</summary>
    public required string JobId { get; init; }

    /// <summary>Where the job is.</summary>
    public required JobStatus Status { get; init; }

    /// <summary>The job's priority.</summary>
    public required JobPriority Priority { get; init; }

    /// <summary>The job's tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>The model the job asked for, if given.</summary>
    public string? Model { get; init; }

    /// <summary>Attempts started so far.</summary>
    public required int Attempts { get; init; }

    /// <summary>Attempts the job gets in all.</summary>
    public required int MaxAttempts { get; init; }

    /// <summary>When the job was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the first attempt started.</summary>
    public DateTimeOffset? FirstStartedAt { get; init; }

    /// <summary>When the latest attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the job finished (any terminal status).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When a scheduled retry is due.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>True when cancellation was asked for while the job ran.</summary>
    public bool CancellationRequested { get; init; }

    /// <summary>The result a worker stored, for <see cref="JobStatus.Succeeded"/>.</summary>
    public ReadOnlyMemory<byte>? Result { get; init; }

    /// <summary>Extra fields the worker stored with the result (usage, cost, the model that served it).</summary>
    public IReadOnlyDictionary<string, string> ResultFields { get; init; } = new Dictionary<string, string>();

    /// <summary>Every failed attempt, oldest first.</summary>
    public IReadOnlyList<JobAttemptError> Errors { get; init; } = [];

    /// <summary>True when the job will not change any more.</summary>
    public bool IsFinished => IsFinal(Status);

    /// <summary>True for the statuses a job never leaves.</summary>
    internal static bool IsFinal(JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled or JobStatus.DeadLettered;
}
