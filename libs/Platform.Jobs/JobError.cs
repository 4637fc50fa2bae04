namespace Platform.Jobs;

/// <summary>Why an attempt failed.</summary>
public sealed record JobError
{
    /// <summary>A message for people; never contains the prompt.</summary>
    public required string Message { get; init; }

    /// <summary>A short machine-readable code (for example <c>rate_limited</c>, <c>timeout</c>, <c>server_error</c>).</summary>
    public string Code { get; init; } = "error";

    /// <summary>Whether another attempt could succeed. Non-retryable failures end the job at once.</summary>
    public bool Retryable { get; init; } = true;

    /// <summary>A delay the provider asked for (Retry-After); the retry waits at least this long.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
