namespace Platform.Jobs;

/// <summary>A job to put on the queue.</summary>
public sealed record EnqueueRequest
{
    /// <summary>The job's id; unique. Callers choose it so that it can be returned before the job runs.</summary>
    public required string JobId { get; init; }

    /// <summary>What the worker needs to run the job (for LLM jobs, the request body). Opaque to the queue.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Which stream the job goes to. Default <see cref="JobPriority.Normal"/>.</summary>
    public JobPriority Priority { get; init; } = JobPriority.Normal;

    /// <summary>Who the job belongs to; scopes idempotency keys. Default <c>default</c>.</summary>
    public string Tenant { get; init; } = "default";

    /// <summary>The model the job asks for, kept for status and statistics. Optional.</summary>
    public string? Model { get; init; }

    /// <summary>W3C <c>traceparent</c> of the request that created the job, so the worker continues its trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// Idempotency key: the same key with the same payload returns the job created first; the same key with
    /// another payload is a conflict. Scoped to <see cref="Tenant"/>.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// What makes two requests with the same <see cref="IdempotencyKey"/> "the same": by default the payload; give
    /// something narrower when the payload carries per-attempt data (ids, timestamps) that a retry would change.
    /// </summary>
    public ReadOnlyMemory<byte>? IdempotencyFingerprint { get; init; }

    /// <summary>Attempts before dead-lettering; null takes <see cref="JobQueueOptions.MaxAttempts"/>.</summary>
    public int? MaxAttempts { get; init; }
}
