using Microsoft.Extensions.Logging;
using Platform.Jobs;

namespace Platform.Worker;

/// <summary>The worker's log messages. Ids, models, codes and token counts only; never prompts, completions or keys.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Worker {Consumer} started: concurrency {Concurrency}, models {Models}")]
    public static partial void WorkerStarted(ILogger logger, string consumer, int concurrency, string models);

    [LoggerMessage(2, LogLevel.Warning, "Worker loop {Loop} failed; retrying in {DelayMs} ms")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop, long delayMs);

    [LoggerMessage(3, LogLevel.Information, "Draining: {InFlight} jobs in flight, grace period {GraceSeconds} s")]
    public static partial void Draining(ILogger logger, int inFlight, double graceSeconds);

    [LoggerMessage(4, LogLevel.Warning, "Grace period over: abandoning {Count} jobs (left pending for another worker)")]
    public static partial void Abandoning(ILogger logger, int count);

    [LoggerMessage(5, LogLevel.Debug, "Job {JobId} attempt {Attempt} succeeded on {Model}: {PromptTokens} + {CompletionTokens} tokens in {ElapsedMs} ms")]
    public static partial void JobSucceeded(ILogger logger, string jobId, int attempt, string? model, string? promptTokens, string? completionTokens, long elapsedMs);

    [LoggerMessage(6, LogLevel.Information, "Job {JobId} attempt {Attempt} failed with {Code}: {Outcome}")]
    public static partial void JobFailed(ILogger logger, string jobId, int attempt, string code, FailOutcome outcome);

    [LoggerMessage(7, LogLevel.Information, "Job {JobId} attempt {Attempt} abandoned")]
    public static partial void JobAbandoned(ILogger logger, string jobId, int attempt);

    [LoggerMessage(8, LogLevel.Warning, "Job {JobId} lost its lease to another worker; abandoning attempt {Attempt}")]
    public static partial void LeaseLost(ILogger logger, string jobId, int attempt);

    [LoggerMessage(9, LogLevel.Warning, "Job {JobId} attempt {Attempt}: reporting its outcome failed; the queue will reclaim it")]
    public static partial void ReportFailed(ILogger logger, Exception exception, string jobId, int attempt);

    [LoggerMessage(10, LogLevel.Warning, "Job {JobId}: the payload is not an LLM job")]
    public static partial void PayloadInvalid(ILogger logger, string jobId);

    [LoggerMessage(11, LogLevel.Warning, "Model {Model} failed with {ErrorType}; falling back to {Fallback}")]
    public static partial void FallingBack(ILogger logger, string model, string fallback, string errorType);

    [LoggerMessage(12, LogLevel.Information, "Job {JobId} attempt {Attempt}: cancellation requested by the client")]
    public static partial void CancelRequested(ILogger logger, string jobId, int attempt);
}
