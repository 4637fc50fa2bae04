using System.ComponentModel.DataAnnotations;

namespace Platform.Worker.Options;

/// <summary>Behaviour of a simulated provider.</summary>
public sealed class SimulatedProviderOptions
{
    /// <summary>Seed of the randomness; with a seed, each job's output, latency and injected failures depend only on the job. Default none.</summary>
    public int? Seed { get; set; }

    /// <summary>Time to the first token. Default 50 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TimeToFirstToken { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Time per output token after the first. Default 5 ms (200 tokens/s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TimePerOutputToken { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Relative jitter of every latency, 0 to 1 (0.2 = ±20 %). Default 0.2.</summary>
    [Range(0.0, 1.0)]
    public double Jitter { get; set; } = 0.2;

    /// <summary>Output tokens when the request sets no max_tokens. Default 64.</summary>
    [Range(1, 1_000_000)]
    public int DefaultOutputTokens { get; set; } = 64;

    /// <summary>Fraction of calls answered with 429 and <see cref="RetryAfter"/>. Default 0.</summary>
    [Range(0.0, 1.0)]
    public double RateLimitFraction { get; set; }

    /// <summary>The Retry-After of injected 429s. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Fraction of calls failing with a 5xx server error. Default 0.</summary>
    [Range(0.0, 1.0)]
    public double ServerErrorFraction { get; set; }

    /// <summary>Fraction of calls that hang until cancelled (a timeout). Default 0.</summary>
    [Range(0.0, 1.0)]
    public double TimeoutFraction { get; set; }
}
