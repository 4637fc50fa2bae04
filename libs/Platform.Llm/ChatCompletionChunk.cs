using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>A <c>chat.completion.chunk</c> object: one server-sent event of a streamed completion.</summary>
public sealed record ChatCompletionChunk
{
    /// <summary>The completion id; the same in every chunk of a stream.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Always <c>chat.completion.chunk</c>.</summary>
    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "chat.completion.chunk";

    /// <summary>Unix time (seconds) the request was accepted; the same in every chunk.</summary>
    [JsonPropertyName("created")]
    public required long Created { get; init; }

    /// <summary>The model producing the stream.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>The choices' deltas; empty in the usage chunk.</summary>
    [JsonPropertyName("choices")]
    public required IReadOnlyList<ChunkChoice> Choices { get; init; }

    /// <summary>Null except in the last chunk when <c>stream_options.include_usage</c> is set.</summary>
    [JsonPropertyName("usage")]
    public Usage? Usage { get; init; }

    /// <summary>Backend configuration fingerprint, when the provider gives one.</summary>
    [JsonPropertyName("system_fingerprint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SystemFingerprint { get; init; }
}
