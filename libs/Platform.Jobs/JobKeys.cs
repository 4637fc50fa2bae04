namespace Platform.Jobs;

/// <summary>
/// The Redis key layout of the queue (documented in README.md). Every key starts with the configured prefix.
/// </summary>
internal sealed class JobKeys(string prefix)
{
    public static readonly JobPriority[] PrioritiesInReadOrder = [JobPriority.High, JobPriority.Normal, JobPriority.Low];

    public string Prefix { get; } = prefix;

    /// <summary>Base name of the priority streams, as a ScalePolicy's <c>queue.stream</c> names it.</summary>
    public string QueueName => $"{Prefix}:jobs";

    public string Stream(JobPriority priority) => $"{Prefix}:jobs:{PriorityName(priority)}";

    public string Job(string jobId) => $"{Prefix}:job:{jobId}";

    public string JobEvents(string jobId) => $"{Prefix}:job:{jobId}:events";

    public string JobChannel(string jobId) => $"{Prefix}:job:{jobId}:notify";

    /// <summary>Pub/sub channel of the ids of finished jobs (the finish step of every script publishes there).</summary>
    public string CompletionChannel => $"{Prefix}:completed";

    public string Idempotency(string tenant, string keyHash) => $"{Prefix}:idem:{tenant}:{keyHash}";

    public string RetrySchedule => $"{Prefix}:retry";

    public string DeadLetter => $"{Prefix}:dead";

    public string Stats => $"{Prefix}:stats";

    public string CancelChannel => $"{Prefix}:cancel";

    public string Workers => $"{Prefix}:workers";

    public string Worker(string workerId) => $"{Prefix}:worker:{workerId}";

    public static string PriorityName(JobPriority priority) => priority switch
    {
        JobPriority.High => "high",
        JobPriority.Normal => "normal",
        JobPriority.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown job priority."),
    };

    public static JobPriority ParsePriority(string? name) => name switch
    {
        "high" => JobPriority.High,
        "low" => JobPriority.Low,
        _ => JobPriority.Normal,
    };
}
