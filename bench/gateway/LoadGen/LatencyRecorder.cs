using System.Globalization;
using System.Text;

namespace Platform.Bench.LoadGen;

/// <summary>Collects latencies (ms) up to a fixed capacity; reports exact percentiles and a log-bucketed histogram.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly double[] _samples = new double[capacity];
    private int _count;

    /// <summary>Adds one latency; samples beyond the capacity are ignored.</summary>
    public void Add(double milliseconds)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length)
        {
            _samples[index] = milliseconds;
        }
    }

    /// <summary>Percentiles of what was recorded.</summary>
    public LatencySummary Summarize()
    {
        var count = Math.Min(Volatile.Read(ref _count), _samples.Length);
        if (count == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = _samples[..count];
        Array.Sort(sorted);
        double At(double q) => sorted[Math.Min(count - 1, (int)Math.Ceiling(q * count) - 1)];
        return new LatencySummary(count, At(0.50), At(0.90), At(0.99), At(0.999), sorted[^1], sorted.Average());
    }

    /// <summary>Counts per power-of-two bucket (0.25 ms, 0.5 ms, 1 ms, ...), as text.</summary>
    public string Histogram()
    {
        var count = Math.Min(Volatile.Read(ref _count), _samples.Length);
        var text = new StringBuilder("histogram_ms");
        for (var upper = 0.25; upper < 70_000; upper *= 2)
        {
            var lower = upper / 2;
            var inBucket = 0;
            for (var i = 0; i < count; i++)
            {
                var value = _samples[i];
                if (value < upper && (upper == 0.25 || value >= lower))
                {
                    inBucket++;
                }
            }

            if (inBucket > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" <{upper}:{inBucket}");
            }
        }

        return text.ToString();
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double P999, double Max, double Mean);
