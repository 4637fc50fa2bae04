using Platform.Jobs;
using Platform.Llm;

namespace Platform.Gateway.Validation;

/// <summary>A chat completion request that passed validation, with what the gateway derived from it.</summary>
/// <param name="Request">The request as the worker will run it (the gateway's own fields removed).</param>
/// <param name="Model">The model asked for.</param>
/// <param name="Priority">The queue priority from the <c>priority</c> field, if the body set one.</param>
/// <param name="EstimatedTokens">Input tokens estimated from the text plus the output tokens asked for.</param>
internal sealed record ValidatedChatRequest(ChatCompletionRequest Request, string Model, JobPriority? Priority, long EstimatedTokens);
