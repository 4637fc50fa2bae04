using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>Token usage of a request.</summary>
public sealed record Usage
{
    /// <summary>Input tokens.</summary>
    [JsonPropertyName("prompt_tokens")]
    public int PromptTokens { get; init; }

    /// <summary>Generated tokens.</summary>
    [JsonPropertyName("completion_tokens")]
    public int CompletionTokens { get; init; }

    /// <summary>Their sum.</summary>
    [JsonPropertyName("total_tokens")]
    public int TotalTokens { get; init; }

    /// <summary>Creates usage with the total computed.</summary>
    public static Usage Of(int promptTokens, int completionTokens) =>
        new() { PromptTokens = promptTokens, CompletionTokens = completionTokens, TotalTokens = promptTokens + completionTokens };
}
