using Platform.Llm;

namespace Platform.Worker.Providers;

/// <summary>A whole completion as a provider returned it.</summary>
internal sealed record ProviderCompletion
{
    /// <summary>The model that answered, as the provider names it.</summary>
    public required string Model { get; init; }

    /// <summary>One choice per requested <c>n</c>.</summary>
    public required IReadOnlyList<ChatChoice> Choices { get; init; }

    /// <summary>Token usage.</summary>
    public required Usage Usage { get; init; }
}
