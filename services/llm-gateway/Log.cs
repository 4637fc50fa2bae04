namespace Platform.Gateway;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Job {JobId} accepted for tenant {Tenant}, model {Model}, priority {Priority}")]
    public static partial void JobAccepted(ILogger logger, string jobId, string tenant, string model, Platform.Jobs.JobPriority priority);

    [LoggerMessage(2, LogLevel.Warning, "Request of key {KeyId} refused by its {Limit} limit; retry after {RetryAfterMs} ms")]
    public static partial void RateLimited(ILogger logger, string keyId, string limit, long retryAfterMs);

    [LoggerMessage(3, LogLevel.Warning, "Request shed: queue backlog {Backlog} is above {Limit}")]
    public static partial void Shed(ILogger logger, long backlog, int limit);

    [LoggerMessage(4, LogLevel.Warning, "Job queue unreachable; answering 503")]
    public static partial void QueueUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Client of job {JobId} went away; cancelling the job")]
    public static partial void ClientGone(ILogger logger, string jobId);

    [LoggerMessage(6, LogLevel.Warning, "Synchronous wait for job {JobId} timed out after {Seconds} s")]
    public static partial void SyncTimeout(ILogger logger, string jobId, double seconds);

    [LoggerMessage(7, LogLevel.Warning, "Stream of job {JobId} failed after the first byte: {Code}")]
    public static partial void StreamFailed(ILogger logger, string jobId, string code);

    [LoggerMessage(8, LogLevel.Debug, "Reading the queue statistics for the queue gauges failed")]
    public static partial void QueueStatisticsFailed(ILogger logger, Exception exception);
}
