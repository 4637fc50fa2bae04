using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>
/// <c>POST /v1/chat/completions</c> request body (OpenAI wire format). Fields the platform does not use are
/// kept in <see cref="Extra"/> and passed through to OpenAI-compatible providers.
/// </summary>
public sealed record ChatCompletionRequest
{
    /// <summary>The model to use.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    /// <summary>The conversation.</summary>
    [JsonPropertyName("messages")]
    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>Sampling temperature, 0 to 2.</summary>
    [JsonPropertyName("temperature")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Temperature { get; init; }

    /// <summary>Nucleus sampling, 0 to 1.</summary>
    [JsonPropertyName("top_p")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TopP { get; init; }

    /// <summary>Number of choices; the platform serves 1 to 8.</summary>
    [JsonPropertyName("n")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? N { get; init; }

    /// <summary>Upper bound of generated tokens (legacy name).</summary>
    [JsonPropertyName("max_tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxTokens { get; init; }

    /// <summary>Upper bound of generated tokens (current name).</summary>
    [JsonPropertyName("max_completion_tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxCompletionTokens { get; init; }

    /// <summary>Server-sent events when true.</summary>
    [JsonPropertyName("stream")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Stream { get; init; }

    /// <summary>Streaming options.</summary>
    [JsonPropertyName("stream_options")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StreamOptions? StreamOptions { get; init; }

    /// <summary>Stop sequence(s): a string or an array of up to 4 strings.</summary>
    [JsonPropertyName("stop")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Stop { get; init; }

    /// <summary>Presence penalty, -2 to 2.</summary>
    [JsonPropertyName("presence_penalty")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PresencePenalty { get; init; }

    /// <summary>Frequency penalty, -2 to 2.</summary>
    [JsonPropertyName("frequency_penalty")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FrequencyPenalty { get; init; }

    /// <summary>Seed for deterministic sampling where the provider supports it.</summary>
    [JsonPropertyName("seed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seed { get; init; }

    /// <summary>End-user identifier.</summary>
    [JsonPropertyName("user")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? User { get; init; }

    /// <summary>Everything else the client sent (tools, response_format, logit_bias, ...), passed through.</summary>
    // Settable, not init-only: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The generated-token limit asked for, whichever field carried it.</summary>
    [JsonIgnore]
    public int? OutputTokenLimit => MaxCompletionTokens ?? MaxTokens;

    /// <summary>True when the client asked for server-sent events.</summary>
    [JsonIgnore]
    public bool IsStreaming => Stream == true;
}
