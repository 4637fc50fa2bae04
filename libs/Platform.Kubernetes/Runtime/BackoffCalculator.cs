namespace Platform.Kubernetes.Runtime;

/// <summary>The pure exponential backoff formula shared by the work queue and the informer's retries.</summary>
internal static class BackoffCalculator
{
    /// <summary><c>min(baseDelay × 2^failures, maxDelay)</c>.</summary>
    public static TimeSpan Delay(int failures, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        // Beyond 2^62 ticks the product overflows; the cap has long been reached by then.
        if (failures >= 62)
        {
            return maxDelay;
        }

        var ticks = baseDelay.Ticks * Math.Pow(2, Math.Max(0, failures));
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
