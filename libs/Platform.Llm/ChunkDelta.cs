using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>The delta of a streamed choice.</summary>
public sealed record ChunkDelta
{
    /// <summary>Set in the first chunk of a choice.</summary>
    [JsonPropertyName("role")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    /// <summary>Text added by this chunk.</summary>
    [JsonPropertyName("content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }

    /// <summary>Other delta fields from providers (tool_calls, refusal), passed through.</summary>
    // Settable, not init-only: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
