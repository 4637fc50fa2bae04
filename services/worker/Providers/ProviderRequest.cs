using Platform.Llm;

namespace Platform.Worker.Providers;

/// <summary>One call to a provider.</summary>
internal sealed record ProviderRequest
{
    /// <summary>The client's request.</summary>
    public required ChatCompletionRequest Request { get; init; }

    /// <summary>The model name the provider knows.</summary>
    public required string UpstreamModel { get; init; }

    /// <summary>Identifies the call for deterministic simulation: job id, queue attempt and in-process try.</summary>
    public required string CallKey { get; init; }
}
