using Microsoft.Extensions.Logging;

namespace Platform.Jobs;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Job {JobId} enqueued with priority {Priority} for tenant {Tenant}")]
    public static partial void JobEnqueued(ILogger logger, string jobId, JobPriority priority, string tenant);

    [LoggerMessage(2, LogLevel.Debug, "Job {JobId} attempt {Attempt} completed")]
    public static partial void JobCompleted(ILogger logger, string jobId, int attempt);

    [LoggerMessage(3, LogLevel.Information, "Result of job {JobId} attempt {Attempt} ignored: the job is {Status}")]
    public static partial void JobCompletionIgnored(ILogger logger, string jobId, int attempt, string status);

    [LoggerMessage(4, LogLevel.Information, "Job {JobId} attempt {Attempt} failed with {Code}: {Outcome}")]
    public static partial void JobAttemptFailed(ILogger logger, string jobId, int attempt, string code, FailOutcome outcome);

    [LoggerMessage(5, LogLevel.Warning, "Job {JobId} reclaimed by {Consumer} for attempt {Attempt} after its worker stopped reporting")]
    public static partial void JobReclaimed(ILogger logger, string jobId, int attempt, string consumer);

    [LoggerMessage(6, LogLevel.Debug, "Delivery of job {JobId} skipped: {Reason}")]
    public static partial void DeliverySkipped(ILogger logger, string jobId, string reason);

    [LoggerMessage(7, LogLevel.Information, "Job {JobId} cancellation: {Outcome}")]
    public static partial void JobCancelled(ILogger logger, string jobId, CancelOutcome outcome);

    [LoggerMessage(8, LogLevel.Warning, "Consumer group {Group} was missing and has been created again")]
    public static partial void ConsumerGroupRecreated(ILogger logger, string group);
}
