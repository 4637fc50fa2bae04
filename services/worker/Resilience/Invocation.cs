using Platform.Llm;
using Platform.Worker.Providers;

namespace Platform.Worker.Resilience;

/// <summary>The outcome of a successful model call, possibly served by a fallback model.</summary>
internal sealed record Invocation
{
    /// <summary>The public name of the model that served (the requested one or a fallback).</summary>
    public required string Model { get; init; }

    /// <summary>The provider that served.</summary>
    public required string ProviderName { get; init; }

    /// <summary>The model name the provider reported.</summary>
    public required string ResponseModel { get; init; }

    /// <summary>The whole completion, for non-streaming calls.</summary>
    public ProviderCompletion? Completion { get; init; }

    /// <summary>Token usage as the provider reported it; null when a stream reported none.</summary>
    public Usage? Usage { get; init; }
}
