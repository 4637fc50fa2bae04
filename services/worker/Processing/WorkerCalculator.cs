namespace Platform.Worker.Processing;

/// <summary>Small pure calculations of the worker loop.</summary>
internal static class WorkerCalculator
{
    /// <summary>Exponentially weighted moving average; the first sample starts it.</summary>
    public static double MovingAverage(double previous, double sample, double weight) =>
        previous <= 0 ? sample : previous + weight * (sample - previous);

    /// <summary>Delay after the n-th consecutive loop failure: 0.5 s doubling to a 30 s cap, scaled by 0.5–1.5 with <paramref name="random"/> in [0, 1).</summary>
    public static TimeSpan Backoff(int errors, double random)
    {
        var baseMs = Math.Min(30_000, 500 * Math.Pow(2, Math.Min(errors - 1, 10)));
        return TimeSpan.FromMilliseconds(baseMs * (0.5 + random));
    }
}
