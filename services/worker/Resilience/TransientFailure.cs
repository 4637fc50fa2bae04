using Platform.Worker.Providers;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Platform.Worker.Resilience;

/// <summary>Which failures another attempt could cure.</summary>
internal static class TransientFailure
{
    /// <summary>Retryable provider errors and attempt timeouts; never cancellation or non-retryable errors (400, 401, 403, 404, quota).</summary>
    public static bool IsTransient(Exception? exception) => exception switch
    {
        ProviderException provider => provider.Retryable,
        TimeoutRejectedException => true,
        _ => false,
    };

    /// <summary>Whether the fallback model should take over: the circuit is open or the failure was transient (retries spent).</summary>
    public static bool CallsForFallback(Exception exception) =>
        exception is BrokenCircuitException || IsTransient(exception);

    /// <summary>Whether to retry in process: transient, nothing streamed yet, and any Retry-After short enough to sleep here.</summary>
    public static bool ShouldRetryInProcess(Exception? exception, CallProgress? progress, TimeSpan maxRetryDelay) =>
        IsTransient(exception)
        && progress is not { Emitted: true }
        && !(exception is ProviderException { RetryAfter: { } retryAfter } && retryAfter > maxRetryDelay);
}
