using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>The body of an OpenAI error response, or of an error event in a stream.</summary>
/// <param name="Error">The error.</param>
public sealed record OpenAIErrorResponse([property: JsonPropertyName("error")] OpenAIError Error);
