using Polly;

namespace Platform.Worker.Resilience;

/// <summary>
/// Bounds the calls in flight through a pipeline; further calls wait their turn (or their cancellation).
/// Polly.Core has no rate limiter without Polly.RateLimiting, which this project cannot restore.
/// </summary>
internal sealed class ConcurrencyLimiterStrategy(int maxConcurrency) : ResilienceStrategy, IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrency, maxConcurrency);

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        try
        {
            await _slots.WaitAsync(context.CancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<TResult>(ex);
        }

        try
        {
            return await callback(context, state);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
