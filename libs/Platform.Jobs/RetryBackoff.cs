namespace Platform.Jobs;

/// <summary>
/// The queue's retry schedule: exponential backoff with full jitter, capped, honouring a delay the provider
/// asked for. Pure: the randomness comes from the caller (Polly's <c>RetryHelper.GetRetryDelay</c> does the same).
/// </summary>
public sealed record RetryBackoff
{
    /// <summary>2 s, doubling, capped at 5 minutes, full jitter.</summary>
    public static RetryBackoff Default { get; } = new();

    /// <summary>Delay before the second attempt, before jitter. Default 2 seconds.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound of any delay, including one a provider asked for. Default 5 minutes.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Fraction of the exponential delay that is randomised: 1 is "full jitter" (uniform in [0, delay]),
    /// 0 is none. Default 0.5: uniform in [delay/2, delay], which spreads retries without making some
    /// of them nearly immediate.
    /// </summary>
    public double Jitter { get; init; } = 0.5;

    /// <summary>
    /// The delay before the next attempt after <paramref name="failedAttempt"/> attempts failed.
    /// </summary>
    /// <param name="failedAttempt">1 for the first attempt.</param>
    /// <param name="requested">A delay the provider asked for (Retry-After); used as a floor when given.</param>
    /// <param name="random">Returns a uniform value in [0, 1).</param>
    public TimeSpan GetDelay(int failedAttempt, TimeSpan? requested, Func<double> random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        ArgumentNullException.ThrowIfNull(random);

        // 2^(n-1) overflows quickly: cap the exponent where the cap is reached anyway.
        var exponent = Math.Min(failedAttempt - 1, 30);
        var exponential = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        var jitter = Math.Clamp(Jitter, 0, 1);
        var delay = exponential * (1 - jitter) + exponential * jitter * random();

        // A provider's Retry-After is a floor: retrying sooner would only be refused again.
        if (requested is { } asked && asked.TotalMilliseconds > delay)
        {
            delay = asked.TotalMilliseconds;
        }

        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxDelay.TotalMilliseconds));
    }
}
