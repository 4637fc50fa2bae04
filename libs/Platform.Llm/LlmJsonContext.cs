using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>Source-generated JSON metadata for the wire types (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(OpenAIErrorResponse))]
[JsonSerializable(typeof(LlmJob))]
[JsonSerializable(typeof(Usage))]
[JsonSerializable(typeof(string))]
public sealed partial class LlmJsonContext : JsonSerializerContext;
