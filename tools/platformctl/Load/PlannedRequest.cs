namespace Platform.Cli.Load;

/// <summary>One request of a replay: when to send it (from the start) and its token sizes.</summary>
/// <param name="Index">Position in the trace (0-based).</param>
/// <param name="Offset">Send time from the start of the replay: the trace's relative arrival divided by the speed.</param>
/// <param name="InputTokens">The trace's input (context) tokens: the prompt is about four characters per token.</param>
/// <param name="OutputTokens">The trace's output tokens: sent as <c>max_tokens</c>.</param>
internal sealed record PlannedRequest(int Index, TimeSpan Offset, int InputTokens, int OutputTokens);
