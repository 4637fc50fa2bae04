using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>
/// The payload of an LLM job on the queue: what the gateway accepted and the worker runs. Serialised with
/// <see cref="LlmJsonContext"/>.
/// </summary>
public sealed record LlmJob
{
    /// <summary>The completion id clients see (<c>chatcmpl-...</c>); every chunk and the result carry it.</summary>
    [JsonPropertyName("completion_id")]
    public required string CompletionId { get; init; }

    /// <summary>Unix time (seconds) the gateway accepted the request; the <c>created</c> of the result.</summary>
    [JsonPropertyName("created")]
    public required long Created { get; init; }

    /// <summary>The validated request.</summary>
    [JsonPropertyName("request")]
    public required ChatCompletionRequest Request { get; init; }
}
