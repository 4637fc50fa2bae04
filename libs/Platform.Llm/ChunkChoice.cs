using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>One choice's delta in a <see cref="ChatCompletionChunk"/>.</summary>
public sealed record ChunkChoice
{
    /// <summary>Position of the choice.</summary>
    [JsonPropertyName("index")]
    public int Index { get; init; }

    /// <summary>What this chunk adds.</summary>
    [JsonPropertyName("delta")]
    public required ChunkDelta Delta { get; init; }

    /// <summary>Set in the choice's last chunk.</summary>
    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; init; }

    /// <summary>Log probabilities (not produced by the platform's own providers).</summary>
    [JsonPropertyName("logprobs")]
    public object? Logprobs { get; init; }
}
