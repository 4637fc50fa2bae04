namespace Platform.SystemTests.Reliability;

/// <summary>One request a load loop sent: when, what came back, how long it took.</summary>
internal sealed record Submission
{
    /// <summary>Seconds since the scenario's clock started, when the request was sent.</summary>
    public required double SentAt { get; init; }

    /// <summary>The status code; 0 when the request failed without a response (connection error or client timeout).</summary>
    public required int Status { get; init; }

    public required TimeSpan Latency { get; init; }

    /// <summary>The job id of a 202.</summary>
    public string? JobId { get; init; }

    /// <summary>The Retry-After header, if any.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>The error's code, or the failure's message for status 0.</summary>
    public string? Detail { get; init; }
}
