using Platform.Worker.Options;
using Platform.Worker.Providers;
using Polly;

namespace Platform.Worker.Resilience;

/// <summary>A provider and model with its resilience pipeline.</summary>
internal sealed record ModelPipeline
{
    /// <summary>The public model name.</summary>
    public required string Model { get; init; }

    /// <summary>The model's settings.</summary>
    public required ModelOptions Options { get; init; }

    /// <summary>The provider's configured name.</summary>
    public required string ProviderName { get; init; }

    /// <summary>The provider.</summary>
    public required ILlmProvider Provider { get; init; }

    /// <summary>The pipeline's settings.</summary>
    public required ProviderResilienceOptions Resilience { get; init; }

    /// <summary>The pipeline.</summary>
    public required ResiliencePipeline Pipeline { get; init; }
}
