using System.ComponentModel.DataAnnotations;

namespace Platform.Worker.Options;

/// <summary>A public model name the worker serves, and how it maps to a provider.</summary>
public sealed class ModelOptions
{
    /// <summary>Name of the provider (a key of <see cref="WorkerOptions.Providers"/>) that serves the model. Required.</summary>
    [Required]
    public string Provider { get; set; } = "";

    /// <summary>The model name sent upstream. Default: the public model name.</summary>
    public string? UpstreamModel { get; set; }

    /// <summary>A public model name that takes over when this model's circuit is open or its retries are spent. Default none.</summary>
    public string? FallbackModel { get; set; }

    /// <summary>Price of one million input (prompt) tokens in USD. Default 0.</summary>
    [Range(0, 1_000_000)]
    public decimal InputPricePer1M { get; set; }

    /// <summary>Price of one million output (completion) tokens in USD. Default 0.</summary>
    [Range(0, 1_000_000)]
    public decimal OutputPricePer1M { get; set; }
}
