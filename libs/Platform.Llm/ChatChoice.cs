using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>One choice of a <see cref="ChatCompletion"/>.</summary>
public sealed record ChatChoice
{
    /// <summary>Position of the choice.</summary>
    [JsonPropertyName("index")]
    public int Index { get; init; }

    /// <summary>The generated message.</summary>
    [JsonPropertyName("message")]
    public required ChatMessage Message { get; init; }

    /// <summary><c>stop</c>, <c>length</c>, <c>tool_calls</c> or <c>content_filter</c>.</summary>
    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; init; }

    /// <summary>Log probabilities (not produced by the platform's own providers).</summary>
    [JsonPropertyName("logprobs")]
    public object? Logprobs { get; init; }
}
