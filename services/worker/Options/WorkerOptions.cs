using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Platform.Worker.Options;

/// <summary>Settings of the LLM worker. Bound from the <c>Worker</c> configuration section.</summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Worker";

    /// <summary>Jobs this process runs at once. Default 8.</summary>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 8;

    /// <summary>The worker's consumer name in the consumer group and its heartbeat id. Default <c>{hostname}-{pid}</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,128}$")]
    public string ConsumerName { get; set; } =
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}");

    /// <summary>On shutdown, how long in-flight jobs may run before they are abandoned (left pending for another worker). Default 25 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How often the worker publishes its heartbeat. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the worker reclaims deliveries that crashed workers left pending. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReclaimInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the worker moves due retries back to their streams. Default 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PromoteInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one read blocks waiting for a job when the queue is empty. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan BlockTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>In-process retries of a failed provider call (short ones; longer backoff goes to the queue). Default 1, at most 2.</summary>
    [Range(0, 2)]
    public int InProcessRetries { get; set; } = 1;

    /// <summary>
    /// Models served, by public model name. Default (when none are configured): <c>sim-small</c> and
    /// <c>sim-large</c> on the <c>simulated</c> provider, <c>sim-large</c> falling back to <c>sim-small</c>.
    /// </summary>
    public Dictionary<string, ModelOptions> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Providers, by name. Default (when none are configured): <c>simulated</c>, a simulated provider.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The model used when a job names none (a job naming a model that is not served fails with model_not_found). Default: the first of <see cref="Models"/>.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Fills in the default simulated provider and models when none are configured.</summary>
    internal void ApplyDefaults()
    {
        if (Providers.Count == 0)
        {
            Providers["simulated"] = new ProviderOptions { Type = ProviderType.Simulated };
        }

        if (Models.Count == 0)
        {
            Models["sim-small"] = new ModelOptions { Provider = "simulated", InputPricePer1M = 0.15m, OutputPricePer1M = 0.60m };
            Models["sim-large"] = new ModelOptions
            {
                Provider = "simulated", FallbackModel = "sim-small", InputPricePer1M = 2.50m, OutputPricePer1M = 10.00m,
            };
        }
    }
}
