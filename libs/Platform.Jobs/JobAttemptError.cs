namespace Platform.Jobs;

/// <summary>One entry of a job's error history.</summary>
/// <param name="Attempt">The attempt that failed, from 1.</param>
/// <param name="At">When it failed (server time).</param>
/// <param name="Code">Machine-readable code.</param>
/// <param name="Message">Message for people.</param>
public sealed record JobAttemptError(int Attempt, DateTimeOffset At, string Code, string Message);
