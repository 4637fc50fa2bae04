namespace Platform.Jobs;

/// <summary>The result of <see cref="JobQueue.FailAsync"/>.</summary>
/// <param name="Outcome">What happened to the job.</param>
/// <param name="NextAttemptAt">When the retry is due, for <see cref="FailOutcome.RetryScheduled"/>.</param>
public sealed record FailResult(FailOutcome Outcome, DateTimeOffset? NextAttemptAt = null);
