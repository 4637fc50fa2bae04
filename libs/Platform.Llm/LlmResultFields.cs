namespace Platform.Llm;

/// <summary>
/// Names of the fields a worker stores with a job's result (<c>JobInfo.ResultFields</c>), so the gateway and
/// dashboards can read usage and cost without parsing the result.
/// </summary>
public static class LlmResultFields
{
    /// <summary>Input tokens.</summary>
    public const string PromptTokens = "prompt_tokens";

    /// <summary>Generated tokens.</summary>
    public const string CompletionTokens = "completion_tokens";

    /// <summary>Cost in USD, invariant culture.</summary>
    public const string CostUsd = "cost_usd";

    /// <summary>The model that served the job (may differ from the one asked for after a fallback).</summary>
    public const string Model = "model";

    /// <summary>The provider that served the job.</summary>
    public const string Provider = "provider";

    /// <summary>Time to first token in milliseconds, for streamed jobs.</summary>
    public const string TimeToFirstTokenMs = "ttft_ms";
}
