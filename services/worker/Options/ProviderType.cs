namespace Platform.Worker.Options;

/// <summary>The kind of a configured provider.</summary>
public enum ProviderType
{
    /// <summary>The embedded simulator: latency from token counts, generated text, failure injection.</summary>
    Simulated,

    /// <summary>Any OpenAI-compatible HTTP endpoint (OpenAI, vLLM, Ollama, ...).</summary>
    OpenAI,
}
