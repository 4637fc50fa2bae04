namespace Platform.Redis.Internal;

/// <summary>Pure decision: how long to wait before reconnect attempt <c>n</c> (capped exponential backoff with jitter).</summary>
internal static class ReconnectBackoffPolicy
{
    /// <summary>The first retry waits about this long.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>No retry waits longer than this.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Delay before the given attempt: <c>min(cap, base * 2^attempt)</c> scaled by a factor in [0.5, 1).</summary>
    /// <param name="attempt">Zero-based attempt number.</param>
    /// <param name="random">A uniform random number in [0, 1); injected so the decision stays pure.</param>
    /// <returns>The delay.</returns>
    public static TimeSpan GetDelay(int attempt, double random)
    {
        var exponent = Math.Clamp(attempt, 0, 30);
        var raw = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));

        // "Equal jitter": keep half the delay, randomise the other half, so many clients do not reconnect in lockstep.
        var jittered = raw * (0.5 + (0.5 * Math.Clamp(random, 0, 1)));
        return TimeSpan.FromMilliseconds(jittered);
    }
}
