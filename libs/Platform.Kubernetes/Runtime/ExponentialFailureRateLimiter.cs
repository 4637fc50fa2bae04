using System.Collections.Concurrent;

namespace Platform.Kubernetes.Runtime;

/// <summary>
/// Per-item exponential backoff: <c>baseDelay × 2^failures</c>, capped at <c>maxDelay</c> (client-go's
/// <c>ItemExponentialFailureRateLimiter</c>; the default controller limiter uses 5 ms and 1000 s).
/// </summary>
/// <typeparam name="TKey">The item key type.</typeparam>
public sealed class ExponentialFailureRateLimiter<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, int> _failures = new();

    /// <summary>Creates the limiter.</summary>
    /// <param name="baseDelay">The first delay. Default: 5 ms.</param>
    /// <param name="maxDelay">The cap. Default: 1000 s.</param>
    public ExponentialFailureRateLimiter(TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(5);
        MaxDelay = maxDelay ?? TimeSpan.FromSeconds(1000);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BaseDelay, TimeSpan.Zero, nameof(baseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(maxDelay));
    }

    /// <summary>The first delay.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>The cap.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Records one more failure of <paramref name="key"/> and returns how long to wait before retrying it.</summary>
    /// <param name="key">The item.</param>
    /// <returns>The delay.</returns>
    public TimeSpan When(TKey key)
    {
        var previous = _failures.AddOrUpdate(key, 1, static (_, n) => n + 1) - 1;
        return BackoffCalculator.Delay(previous, BaseDelay, MaxDelay);
    }

    /// <summary>How many failures of <paramref name="key"/> have been recorded since it was last forgotten.</summary>
    /// <param name="key">The item.</param>
    /// <returns>The count.</returns>
    public int NumRequeues(TKey key) => _failures.TryGetValue(key, out var n) ? n : 0;

    /// <summary>Forgets the failures of <paramref name="key"/> (call after it succeeded).</summary>
    /// <param name="key">The item.</param>
    public void Forget(TKey key) => _failures.TryRemove(key, out _);
}
