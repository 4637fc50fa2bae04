using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Platform.Llm;
using Llm = Platform.Llm;

namespace Platform.Worker;

/// <summary>
/// JSON contracts of the wire types, with <see cref="LlmJsonContext"/>'s settings. Workaround: the source-generated
/// context throws for <c>ChatMessage</c> (an <c>init</c>-only <c>[JsonExtensionData]</c> property cannot bind to the
/// generated constructor), so these contracts come from the reflection resolver until Platform.Llm changes that
/// accessor to <c>set</c>; then each property here can return <c>LlmJsonContext.Default.X</c> again.
/// </summary>
internal static class WorkerJson
{
    private static readonly JsonSerializerOptions Options = new(LlmJsonContext.Default.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static JsonTypeInfo<Llm.LlmJob> LlmJob { get; } = Get<Llm.LlmJob>();

    public static JsonTypeInfo<Llm.ChatCompletionRequest> ChatCompletionRequest { get; } = Get<Llm.ChatCompletionRequest>();

    public static JsonTypeInfo<Llm.ChatCompletion> ChatCompletion { get; } = Get<Llm.ChatCompletion>();

    public static JsonTypeInfo<Llm.ChatCompletionChunk> ChatCompletionChunk { get; } = Get<Llm.ChatCompletionChunk>();

    public static JsonTypeInfo<Llm.OpenAIErrorResponse> OpenAIErrorResponse { get; } = Get<Llm.OpenAIErrorResponse>();

    public static JsonTypeInfo<Llm.Usage> Usage { get; } = Get<Llm.Usage>();

    private static JsonTypeInfo<T> Get<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
