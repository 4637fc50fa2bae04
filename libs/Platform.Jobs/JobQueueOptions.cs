using System.ComponentModel.DataAnnotations;

namespace Platform.Jobs;

/// <summary>Settings of the job queue. Bound from the <c>Jobs</c> configuration section.</summary>
public sealed class JobQueueOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Jobs";

    /// <summary>Prefix of every Redis key the queue uses. Default <c>llm</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$")]
    public string KeyPrefix { get; set; } = "llm";

    /// <summary>Consumer group the workers read with. Default <c>workers</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$")]
    public string ConsumerGroup { get; set; } = "workers";

    /// <summary>
    /// How long a delivered job may stay unacknowledged without its lease being extended before another
    /// worker reclaims it. Workers extend the leases of jobs they are running, so this bounds how long a
    /// crashed worker's jobs wait, not how long a job may run. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts a job gets before it is dead-lettered, unless the job sets its own. Default 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a finished job (its status and result) stays readable. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ResultTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an idempotency key maps to its job. Default 24 hours (as Stripe and OpenAI do).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan IdempotencyKeyTimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the stream events of a streaming job stay readable. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StreamEventsTimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Approximate cap on the dead-letter stream's length (oldest entries are trimmed). Default 100,000.</summary>
    [Range(1, int.MaxValue)]
    public int DeadLetterMaxLength { get; set; } = 100_000;

    /// <summary>Delays of the queue's retry schedule.</summary>
    public RetryBackoff Backoff { get; set; } = RetryBackoff.Default;

    /// <summary>How long a worker heartbeat stays visible without being refreshed. Default 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HeartbeatTimeToLive { get; set; } = TimeSpan.FromSeconds(15);
}
