using System.Text;
using System.Text.Json;
using Platform.Jobs;
using Platform.Llm;
using Platform.Testing;

namespace Platform.Worker.Tests;

/// <summary>Configuration and jobs shared by the host and process tests: small simulated latencies, short intervals.</summary>
internal static class WorkerSettings
{
    public static Dictionary<string, string?> Fast(string redis, string prefix) => new(FastWorkerConfiguration.Values)
    {
        ["ConnectionStrings:redis"] = redis,
        ["Jobs:KeyPrefix"] = prefix,
        ["Jobs:Backoff:BaseDelay"] = "00:00:00.050",
        ["Jobs:Backoff:MaxDelay"] = "00:00:00.200",
    };

    public static EnqueueRequest Job(string id, string model = "sim-small", int maxTokens = 8, bool stream = false, int? maxAttempts = null) => new()
    {
        JobId = id,
        Model = model,
        Tenant = "acme",
        MaxAttempts = maxAttempts,
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        Payload = JsonSerializer.SerializeToUtf8Bytes(new LlmJob
        {
            CompletionId = "chatcmpl-" + id,
            Created = 1_700_000_000,
            Request = new ChatCompletionRequest
            {
                Model = model,
                Messages = [ChatMessage.Text("user", "Tell me about queues.")],
                MaxTokens = maxTokens,
                Stream = stream ? true : null,
            },
        }, LlmJsonContext.Default.LlmJob),
    };

    public static ChatCompletion Completion(JobInfo info) =>
        JsonSerializer.Deserialize(info.Result!.Value.Span, LlmJsonContext.Default.ChatCompletion)!;

    public static string Text(ReadOnlyMemory<byte> data) => Encoding.UTF8.GetString(data.Span);
}
