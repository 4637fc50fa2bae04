using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>A <c>chat.completion</c> object (OpenAI wire format).</summary>
public sealed record ChatCompletion
{
    /// <summary>The completion id (<c>chatcmpl-...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Always <c>chat.completion</c>.</summary>
    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "chat.completion";

    /// <summary>Unix time (seconds) the request was accepted.</summary>
    [JsonPropertyName("created")]
    public required long Created { get; init; }

    /// <summary>The model that produced the completion.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>The choices.</summary>
    [JsonPropertyName("choices")]
    public required IReadOnlyList<ChatChoice> Choices { get; init; }

    /// <summary>Token usage.</summary>
    [JsonPropertyName("usage")]
    public Usage? Usage { get; init; }

    /// <summary>Backend configuration fingerprint, when the provider gives one.</summary>
    [JsonPropertyName("system_fingerprint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SystemFingerprint { get; init; }
}
